import PaymentModel
/// Body of inquiryPayment and of cancel: one of the two ids (paymentId wins when both are set).
public struct PaymentLookup: Codable, Equatable, Sendable {
    public var paymentRequestId: String?
    public var paymentId: String?
    public var merchantAccountId: String?

    public init(paymentRequestId: String? = nil, paymentId: String? = nil, merchantAccountId: String? = nil) {
        self.paymentRequestId = paymentRequestId
        self.paymentId = paymentId
        self.merchantAccountId = merchantAccountId
    }
}

/// Response to inquiryPayment. `paymentStatus` (SUCCESS, FAIL, PROCESSING, CANCELLED, PENDING)
/// is the payment's state; `result` only says whether the query worked.
public struct InquiryResponse: Codable, Equatable, Sendable {
    public var result: WireResult
    public var paymentStatus: String?
    public var paymentResultCode: String?
    public var paymentResultMessage: String?
    public var paymentRequestId: String?
    public var paymentId: String?
    public var paymentAmount: WireAmount?
    public var paymentTime: String?
    public var pspCustomerInfo: PSPCustomerInfo?
    public var actualPaymentAmount: WireAmount?
    public var paymentQuote: WireQuote?

    public init(result: WireResult, paymentStatus: String? = nil, paymentResultCode: String? = nil,
                paymentResultMessage: String? = nil, paymentRequestId: String? = nil, paymentId: String? = nil,
                paymentAmount: WireAmount? = nil, paymentTime: String? = nil, pspCustomerInfo: PSPCustomerInfo? = nil,
                actualPaymentAmount: WireAmount? = nil, paymentQuote: WireQuote? = nil) {
        self.pspCustomerInfo = pspCustomerInfo
        self.actualPaymentAmount = actualPaymentAmount
        self.paymentQuote = paymentQuote
        self.result = result
        self.paymentStatus = paymentStatus
        self.paymentResultCode = paymentResultCode
        self.paymentResultMessage = paymentResultMessage
        self.paymentRequestId = paymentRequestId
        self.paymentId = paymentId
        self.paymentAmount = paymentAmount
        self.paymentTime = paymentTime
    }
}

/// Response to cancel.
public struct CancelResponse: Codable, Equatable, Sendable {
    public var result: WireResult
    public var paymentId: String?
    public var paymentRequestId: String?
    public var cancelTime: String?

    public init(result: WireResult, paymentId: String? = nil, paymentRequestId: String? = nil, cancelTime: String? = nil) {
        self.result = result
        self.paymentId = paymentId
        self.paymentRequestId = paymentRequestId
        self.cancelTime = cancelTime
    }
}
