/// Why an HTTP exchange with the acquirer did not produce a response.
///
/// The line that matters for money: before-send failures mean the acquirer cannot have seen the
/// request; after-send failures mean it may have processed it, so the payment is *unknown*
/// (inquire), never *failed*.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bad URL, unreadable CA file, plain HTTP to a non-loopback host, … Nothing was sent.
    case configuration(String)
    case dns(String)
    case connect(String)
    /// Handshake or certificate failure (wrong CA, pin mismatch, name mismatch). Nothing was sent.
    case tls(String)
    /// The call timed out before the request body was handed to the connection.
    case timeoutBeforeSend
    /// The call timed out after the request was (or may have been) sent: outcome unknown.
    case timeoutAfterSend
    /// The connection broke; `afterSend` says whether the request may have reached the acquirer.
    case connectionLost(afterSend: Bool, detail: String)

    /// True when the acquirer may have received, and acted on, the request.
    public var requestMayHaveReachedAcquirer: Bool {
        switch self {
        case .configuration, .dns, .connect, .tls, .timeoutBeforeSend: return false
        case .timeoutAfterSend: return true
        case .connectionLost(let afterSend, _): return afterSend
        }
    }

    public var description: String {
        switch self {
        case .configuration(let detail): return "transport configuration: \(detail)"
        case .dns(let detail): return "DNS: \(detail)"
        case .connect(let detail): return "connect: \(detail)"
        case .tls(let detail): return "TLS: \(detail)"
        case .timeoutBeforeSend: return "timed out before the request was sent"
        case .timeoutAfterSend: return "timed out after the request was sent (outcome unknown)"
        case .connectionLost(let afterSend, let detail):
            return "connection lost \(afterSend ? "after" : "before") the request was sent: \(detail)"
        }
    }
}
