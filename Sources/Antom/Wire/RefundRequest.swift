/// Body of refund. `refundRequestId` is the idempotency key: resend the same one after a
/// timeout or U, never a new one for the same intent.
public struct RefundRequest: Codable, Equatable, Sendable {
    public var refundRequestId: String
    public var paymentId: String
    public var refundAmount: WireAmount
    public var referenceRefundId: String?
    public var refundReason: String?

    public init(refundRequestId: String, paymentId: String, refundAmount: WireAmount,
                referenceRefundId: String? = nil, refundReason: String? = nil) {
        self.refundRequestId = refundRequestId
        self.paymentId = paymentId
        self.refundAmount = refundAmount
        self.referenceRefundId = referenceRefundId
        self.refundReason = refundReason
    }
}

public struct RefundResponse: Codable, Equatable, Sendable {
    public var result: WireResult
    public var refundRequestId: String?
    public var refundId: String?
    public var paymentId: String?
    public var refundAmount: WireAmount?
    public var refundTime: String?

    public init(result: WireResult, refundRequestId: String? = nil, refundId: String? = nil, paymentId: String? = nil,
                refundAmount: WireAmount? = nil, refundTime: String? = nil) {
        self.result = result
        self.refundRequestId = refundRequestId
        self.refundId = refundId
        self.paymentId = paymentId
        self.refundAmount = refundAmount
        self.refundTime = refundTime
    }
}
