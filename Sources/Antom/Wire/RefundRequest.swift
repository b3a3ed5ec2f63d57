import PaymentModel
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

/// Body of inquiryRefund: by our `refundRequestId` (Antom takes `refundId` first when both are set).
public struct RefundLookup: Codable, Equatable, Sendable {
    public var refundRequestId: String?
    public var refundId: String?

    public init(refundRequestId: String? = nil, refundId: String? = nil) {
        self.refundRequestId = refundRequestId
        self.refundId = refundId
    }
}

/// `result` says whether the query worked; `refundStatus` what became of the refund.
public struct RefundInquiryResponse: Codable, Equatable, Sendable {
    public var result: WireResult
    public var refundId: String?
    public var refundRequestId: String?
    public var refundAmount: WireAmount?
    public var refundTime: String?
    /// SUCCESS, PROCESSING or FAIL.
    public var refundStatus: String?
    public var refundResultCode: String?
    public var refundResultMessage: String?

    public init(result: WireResult, refundId: String? = nil, refundRequestId: String? = nil, refundAmount: WireAmount? = nil,
                refundTime: String? = nil, refundStatus: String? = nil, refundResultCode: String? = nil, refundResultMessage: String? = nil) {
        self.result = result
        self.refundId = refundId
        self.refundRequestId = refundRequestId
        self.refundAmount = refundAmount
        self.refundTime = refundTime
        self.refundStatus = refundStatus
        self.refundResultCode = refundResultCode
        self.refundResultMessage = refundResultMessage
    }
}
