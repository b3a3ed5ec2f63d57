import PaymentModel
import Dispatch
import Synchronization

/// One acquirer host: a libcurl handle confined to its own serial dispatch queue.
///
/// `curl_easy_perform` blocks for up to the call timeout; run on Swift's cooperative pool it
/// would starve every other task on a 2-core box. Dispatch queues run on their own threads, and
/// a checked continuation hands the result back to async code.
public final class HTTPTransport: @unchecked Sendable {
    // Everything below is touched only on `queue`.
    private let queue: DispatchQueue
    private var curl: CurlHandle
    private var lastUse: ContinuousClock.Instant?
    private let resets = Atomic<Int>(0)
    public let configuration: TransportConfiguration

    /// How many times a failed call made the transport throw its handle and connection away
    /// (see `replaceHandle`). Read from any thread.
    public var linkResets: Int { resets.load(ordering: .relaxed) }

    public init(configuration: TransportConfiguration) throws(TransportError) {
        self.configuration = try configuration.validated()
        self.curl = try CurlHandle(configuration: self.configuration)
        self.queue = DispatchQueue(label: "scanbridge.acquirer.transport")
    }

    /// POSTs `body` and returns the raw response. Requests are serialised: one connection, one
    /// request at a time, which is what a single-till box does anyway.
    public func post(path: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws(TransportError) -> HTTPExchange {
        try await start(path: path, headers: headers, body: body, timeout: timeout).result.get()
    }

    /// Queues a POST now, from the calling thread, and returns at once; `post` without the
    /// suspension. The request goes out as soon as this queue is free.
    public func start(path: String, headers: [(String, String)], body: [UInt8], timeout: Duration) -> PendingExchange {
        let pending = PendingExchange()
        queue.async { [self] in
            defer { lastUse = .now }
            let result = curl.post(path: path, headers: headers, body: body, timeout: timeout)
            if case .failure = result { replaceHandle() }
            pending.complete(result)
        }
        return pending
    }

    /// Opens the connection now (TCP and TLS handshakes) so the first payment does not pay for it.
    /// - Returns: the failure, if the acquirer could not be reached.
    @discardableResult
    public func warm() async -> TransportError? {
        await onQueue { transport in transport.warmNow() }
    }

    /// Keeps the connection open until the task is cancelled: whenever it has been idle for
    /// `keepWarmInterval`, a cheap HEAD refreshes it before the server's idle timeout closes it.
    public func keepWarm() async {
        let interval = configuration.keepWarmInterval
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await onQueue { transport in
                if let last = transport.lastUse, ContinuousClock.now - last < interval { return }
                _ = transport.warmNow()
            }
        }
    }

    private func warmNow() -> TransportError? {
        defer { lastUse = .now }
        switch curl.warm(path: configuration.warmPath, timeout: configuration.connectTimeout * 2) {
        case .success: return nil
        case .failure(let error):
            replaceHandle()
            return error
        }
    }

    /// After any failed transfer the next call starts on a new easy handle and a new connection.
    /// A failure can leave state behind on the handle that no option clears: with libcurl 8.14,
    /// a connection dropped after the request went out left a pending rewind that failed every
    /// later pay, inquiry and cancel on that handle ("necessary data rewind was not possible").
    /// The price is one TCP (and TLS) handshake, which the failed connection has cost already.
    private func replaceHandle() {
        resets.add(1, ordering: .relaxed)
        // The same configuration built the current handle, so this fails only if libcurl cannot
        // allocate; the old handle is then kept and the next failure tries again.
        if let fresh = try? CurlHandle(configuration: configuration) { curl = fresh }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (HTTPTransport) -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body(self)) }
        }
    }
}
