/// Where one refund stands. `requested` is journaled (fsynced) before the refund request leaves;
/// `unknown` waits for inquiryRefund; `refunded` and `failed` are final and stay so (a trigger).
public enum RefundState: String, Hashable, Sendable, CaseIterable {
    case requested
    case unknown
    case refunded
    case failed

    public var isFinal: Bool { self == .refunded || self == .failed }
}

/// One refund of a paid attempt, by the console or the POS.
public struct Refund: Hashable, Sendable {
    public let id: Int64
    /// The idempotency key at the acquirer: every try of this refund sends this same id.
    public let refundRequestId: String
    public let attemptId: Int64
    public let paymentId: String
    public let amountMinor: Int64
    public let currency: String
    public let state: RefundState
    /// `console` or `pos`.
    public let source: String
    public let reason: String
    /// The acquirer's id, once it answered.
    public let refundId: String?
    public let resultCode: String?
    public let createdAt: Int64
    public let updatedAt: Int64
    public let nextActionAt: Int64?
    public let tries: Int
}
