import Antom

/// One request the proxy saw and what it did with it, in the order the requests arrived.
public struct FaultRecord: Sendable, CustomStringConvertible {
    /// 1-based over the proxy's life.
    public let sequence: Int
    /// Which client connection carried it (1-based, in accept order): shows keep-alive reuse.
    public let connection: Int
    public let method: String
    public let path: String
    /// nil for requests outside the API (the keep-warm HEAD).
    public let endpoint: Endpoint?
    /// The request's `paymentRequestId`, when its body names one.
    public let paymentRequestId: String?
    public let fault: Fault
    /// The acquirer's HTTP status, when it answered; nil when the request was not forwarded or
    /// the acquirer closed without answering.
    public let upstreamStatus: Int?
    /// What the client was left with.
    public let delivered: Delivery
    /// Wall clock (µs since the epoch) when the request's last byte was read off the client's
    /// socket: "fully received by the acquirer", without the acquirer's own HTTP stack in it.
    public let receivedAtMicros: Int64

    /// True when the acquirer saw the request.
    public var forwarded: Bool { fault.forwards && delivered != .upstreamUnreachable && delivered != .upstreamLost }

    /// True when the client received the acquirer's answer exactly as signed.
    public var clientGotAuthenticAnswer: Bool { fault.deliversAuthenticAnswer && upstreamStatus != nil && delivered == .answered }

    public var description: String {
        "#\(sequence) conn \(connection) \(method) \(path) [\(paymentRequestId ?? "-")] \(fault) → upstream \(upstreamStatus.map(String.init) ?? "-"), client \(delivered.rawValue)"
    }

    public enum Delivery: String, Sendable, Equatable {
        /// A whole HTTP answer was written (the acquirer's, altered or not, or the proxy's own error).
        case answered
        /// The connection was reset (RST).
        case reset
        /// Part of the answer was written, then the connection closed.
        case truncated
        /// The acquirer closed without answering, and so did the proxy.
        case closedUnanswered
        /// The client had closed before the answer could be written (e.g. it timed out during a delay).
        case clientGone
        /// The proxy could not connect to the acquirer; the client's connection was reset.
        case upstreamUnreachable
        /// The acquirer's connection broke while the request was written to it.
        case upstreamLost
    }
}
