/// A final attempt or refund the head office has not acknowledged yet: what the fleet uplink
/// publishes next, in journal order.
public enum ExportItem: Hashable, Sendable {
    case payment(Attempt)
    /// A final refund, with the `paymentRequestId` of the payment it refunds.
    case refund(Refund, paymentRequestId: String)

    public var key: ExportKey {
        switch self {
        case .payment(let attempt): ExportKey(kind: .payment, id: attempt.id)
        case .refund(let refund, _): ExportKey(kind: .refund, id: refund.id)
        }
    }

    /// The row's state and last change as published: the mark goes on only if both still hold
    /// when the PUBACK comes, so a change made meanwhile is exported in its turn.
    public var version: ExportVersion {
        switch self {
        case .payment(let attempt): ExportVersion(state: attempt.state.rawValue, updatedAt: attempt.updatedAt)
        case .refund(let refund, _): ExportVersion(state: refund.state.rawValue, updatedAt: refund.updatedAt)
        }
    }
}

public struct ExportKey: Hashable, Sendable {
    public enum Kind: String, Sendable { case payment, refund }
    public let kind: Kind
    public let id: Int64

    public init(kind: Kind, id: Int64) {
        self.kind = kind
        self.id = id
    }
}

public struct ExportVersion: Hashable, Sendable {
    public let state: String
    public let updatedAt: Int64
}

/// What is waiting to be exported: the metrics' backlog and oldest age.
public struct ExportBacklog: Hashable, Sendable {
    public let count: Int
    /// When the oldest unexported row became final (Unix ms); nil when nothing waits.
    public let oldestAt: Int64?
}
