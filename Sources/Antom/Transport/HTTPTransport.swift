import Dispatch

/// One acquirer host: a libcurl handle confined to its own serial dispatch queue.
///
/// `curl_easy_perform` blocks for up to the call timeout; run on Swift's cooperative pool it
/// would starve every other task on a 2-core box. Dispatch queues run on their own threads, and
/// a checked continuation hands the result back to async code.
public final class HTTPTransport: @unchecked Sendable {
    // Everything below is touched only on `queue`.
    private let queue: DispatchQueue
    private let curl: CurlHandle
    private var lastUse: ContinuousClock.Instant?
    public let configuration: TransportConfiguration

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
            pending.complete(curl.post(path: path, headers: headers, body: body, timeout: timeout))
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
        case .failure(let error): return error
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (HTTPTransport) -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body(self)) }
        }
    }
}
