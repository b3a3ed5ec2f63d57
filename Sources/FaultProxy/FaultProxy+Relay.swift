import Antom
import Glibc
import POSIX

extension FaultProxy {
    /// One client connection: requests one after another (keep-alive), each forwarded on this
    /// connection's own upstream connection with its fault applied.
    func serve(client: Int32, connection: Int) {
        var relay = Relay(client: client, connection: connection)
        relay.run(self)
        forget(connection)
        if !relay.clientReset { close(client) }
        if let upstream = relay.upstream { close(upstream) }
    }
}

/// The state of one client connection's relay.
struct Relay {
    let client: Int32
    let connection: Int
    var clientReader: MessageReader
    var upstream: Int32?
    var upstreamReader: MessageReader?
    var clientReset = false

    init(client: Int32, connection: Int) {
        self.client = client
        self.connection = connection
        self.clientReader = MessageReader(fd: client)
    }

    /// What became of one request, for its `FaultRecord`.
    private enum Ending {
        /// Carry on with the next request on this connection.
        case next(upstreamStatus: Int?, delivered: FaultRecord.Delivery)
        /// Close this connection after recording.
        case close(upstreamStatus: Int?, delivered: FaultRecord.Delivery)
    }

    mutating func run(_ proxy: FaultProxy) {
        while true {
            guard let request = try? clientReader.read() else { return }
            var received = timespec()
            clock_gettime(CLOCK_REALTIME, &received)
            let (method, path) = request.requestLine
            let endpoint = Self.endpoint(path)
            let (sequence, fault) = proxy.admit(endpoint)
            let ending = handle(request, method: method, path: path, endpoint: endpoint, fault: fault, proxy: proxy)
            let (status, delivered, goOn): (Int?, FaultRecord.Delivery, Bool)
            switch ending {
            case .next(let s, let d): (status, delivered, goOn) = (s, d, true)
            case .close(let s, let d): (status, delivered, goOn) = (s, d, false)
            }
            proxy.append(FaultRecord(
                sequence: sequence, connection: connection, method: method, path: path, endpoint: endpoint,
                paymentRequestId: Tampering.paymentRequestId(in: request.body), fault: fault,
                upstreamStatus: status, delivered: delivered,
                receivedAtMicros: Int64(received.tv_sec) * 1_000_000 + Int64(received.tv_nsec) / 1000))
            if !goOn { return }
        }
    }

    private mutating func handle(_ request: HTTPMessage, method: String, path: String, endpoint: Endpoint?, fault: Fault,
                                 proxy: FaultProxy) -> Ending {
        switch fault {
        case .resetBeforeRequest:
            resetClient()
            return .close(upstreamStatus: nil, delivered: .reset)
        case .status(let code, .beforeForwarding):
            return deliver(HTTPMessage.plain(status: code, reason: Self.reason(code)), upstreamStatus: nil)
        default:
            break
        }
        guard let upstream = upstreamConnection(proxy) else {
            // Like a gateway whose backend is gone: the client loses its connection, unanswered.
            resetClient()
            return .close(upstreamStatus: nil, delivered: .upstreamUnreachable)
        }
        guard TCP.sendAll(FileDescriptor(rawValue: upstream), request.serialized[...]) else { return .close(upstreamStatus: nil, delivered: .upstreamLost) }
        var response: HTTPMessage
        do {
            response = try upstreamReader!.read(bodyless: method == "HEAD")
        } catch {
            // The acquirer closed without an answer (the simulator's dropped scenario): so does the proxy.
            return .close(upstreamStatus: nil, delivered: .closedUnanswered)
        }
        let status = response.status
        // Remembered before any fault touches it: only authentic answers are replayed.
        let earlier = endpoint.flatMap { status == 200 ? proxy.exchangeLastAnswer($0, with: response) : nil }
        let closeAfter = response.header("connection")?.lowercased() == "close"
        let ending: Ending
        switch fault {
        case .pass, .resetBeforeRequest, .status(_, .beforeForwarding):
            ending = deliver(response, upstreamStatus: status)
        case .resetAfterProcessed:
            resetClient()
            return .close(upstreamStatus: status, delivered: .reset)
        case .delay(let duration):
            DedicatedThread.sleep(duration)
            ending = deliver(response, upstreamStatus: status)
        case .drip(let bytes, let every):
            let serialized = response.serialized
            var offset = 0
            while offset < serialized.count {
                let end = min(offset + max(bytes, 1), serialized.count)
                guard TCP.sendAll(FileDescriptor(rawValue: client), serialized[offset..<end]) else { return .close(upstreamStatus: status, delivered: .clientGone) }
                offset = end
                if offset < serialized.count { DedicatedThread.sleep(every) }
            }
            ending = .next(upstreamStatus: status, delivered: .answered)
        case .truncate(let keep):
            let serialized = response.serialized
            let kept = keep < 0 ? serialized.count + keep : keep
            _ = TCP.sendAll(FileDescriptor(rawValue: client), serialized.prefix(max(0, min(kept, serialized.count - 1))))
            shutdown(client, Int32(SHUT_WR))
            return .close(upstreamStatus: status, delivered: .truncated)
        case .status(let code, .afterProcessing):
            ending = deliver(HTTPMessage.plain(status: code, reason: Self.reason(code)), upstreamStatus: status)
        case .malformedJSON:
            response.replaceBody(Tampering.malformedBody)
            ending = deliver(response, upstreamStatus: status)
        case .signedMalformedJSON(let key):
            response.replaceBody(Tampering.malformedBody)
            Tampering.resign(&response, path: path, clientID: request.header("client-id") ?? "", with: key)
            ending = deliver(response, upstreamStatus: status)
        case .signedWithoutIdentifiers(let key):
            response.replaceBody(Tampering.withoutIdentifiers(response.body))
            Tampering.resign(&response, path: path, clientID: request.header("client-id") ?? "", with: key)
            ending = deliver(response, upstreamStatus: status)
        case .stripSignature:
            response.setHeader("signature", nil)
            ending = deliver(response, upstreamStatus: status)
        case .replayEarlierAnswer:
            ending = deliver(earlier ?? response, upstreamStatus: status)
        case .forgeSignature(let forgery):
            response.replaceBody(Tampering.claimingSuccess(response.body))
            if case .signedWith(let key) = forgery {
                Tampering.resign(&response, path: path, clientID: request.header("client-id") ?? "", with: key)
            }
            ending = deliver(response, upstreamStatus: status)
        }
        if closeAfter, case .next(let s, let d) = ending { return .close(upstreamStatus: s, delivered: d) }
        return ending
    }

    /// Writes a whole answer, unless the client has already given up (e.g. timed out during a delay).
    private func deliver(_ response: HTTPMessage, upstreamStatus: Int?) -> Ending {
        guard TCP.isOpen(FileDescriptor(rawValue: client)), TCP.sendAll(FileDescriptor(rawValue: client), response.serialized[...]) else {
            return .close(upstreamStatus: upstreamStatus, delivered: .clientGone)
        }
        return .next(upstreamStatus: upstreamStatus, delivered: .answered)
    }

    private mutating func resetClient() {
        TCP.reset(FileDescriptor(rawValue: client))
        clientReset = true
    }

    /// This connection's upstream connection: opened on first use, replaced when the acquirer
    /// closed it while idle (as libcurl checks a pooled connection before reusing it).
    private mutating func upstreamConnection(_ proxy: FaultProxy) -> Int32? {
        if let upstream, TCP.isOpen(FileDescriptor(rawValue: upstream)) { return upstream }
        if let upstream { close(upstream) }
        upstream = nil
        upstreamReader = nil
        guard let fd = try? TCP.connect(host: proxy.upstreamHost, port: proxy.upstreamPort).rawValue else { return nil }
        guard proxy.track(fd, on: connection) else {
            close(fd)
            return nil
        }
        upstream = fd
        upstreamReader = MessageReader(fd: fd)
        return fd
    }

    static func endpoint(_ path: String) -> Endpoint? {
        guard path.range(of: "/v1/payments/") != nil, let last = path.split(separator: "/").last else { return nil }
        return Endpoint(rawValue: String(last.prefix { $0 != "?" }))
    }

    static func reason(_ code: Int) -> String {
        switch code {
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
    }
}
