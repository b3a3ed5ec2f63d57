import Money

/// What the acquirer confirmed about a successful payment.
public struct PaymentReceipt: Equatable, Sendable {
    public var paymentRequestId: String
    public var paymentId: String?
    /// nil when the acquirer did not state it (an inquiry answer without paymentAmount).
    public var amount: Money?
    public var paymentTime: String?
    /// The wallet (`pspCustomerInfo.pspName`: ALIPAYCN, GCASH, KAKAOPAY …).
    public var walletName: String?
    /// The payer as the wallet shows them, already masked by it (`displayCustomerId`).
    public var customerId: String?
    /// What the payer's wallet was charged, in its own currency (`actualPaymentAmount`).
    public var actualAmount: Money?
    /// The exchange rate used (`paymentQuote`): `USD/CNY 7.1234`.
    public var quote: String?

    public init(paymentRequestId: String, paymentId: String?, amount: Money?, paymentTime: String?, walletName: String?,
                customerId: String? = nil, actualAmount: Money? = nil, quote: String? = nil) {
        self.paymentRequestId = paymentRequestId
        self.paymentId = paymentId
        self.amount = amount
        self.paymentTime = paymentTime
        self.walletName = walletName
        self.customerId = customerId
        self.actualAmount = actualAmount
        self.quote = quote
    }
}

/// Result of pay.
public enum PaymentOutcome: Equatable, Sendable {
    case success(PaymentReceipt)
    case declined(DeclineReason, resultCode: String, message: String?)
    case unknown(UnknownReason)
    case configurationError(ConfigurationProblem)
}

/// Result of inquiryPayment: the payment's state, not the query's.
public enum InquiryOutcome: Equatable, Sendable {
    case paid(PaymentReceipt)
    case failed(DeclineReason, resultCode: String, message: String?)
    case cancelled
    /// PROCESSING or PENDING: ask again later.
    case processing(status: String)
    /// ORDER_NOT_EXIST: the pay may not have landed yet, or never will.
    case notFound
    case unknown(UnknownReason)
    case configurationError(ConfigurationProblem)
}

/// Result of cancel.
public enum CancelOutcome: Equatable, Sendable {
    case cancelled(cancelTime: String?)
    /// F: the acquirer refused (e.g. outside the cancel window). Retry or escalate.
    case rejected(resultCode: String, message: String?)
    case unknown(UnknownReason)
    case configurationError(ConfigurationProblem)
}

/// Result of refund.
public enum RefundOutcome: Equatable, Sendable {
    case refunded(refundId: String?, amount: Money)
    case rejected(resultCode: String, message: String?)
    case unknown(UnknownReason)
    case configurationError(ConfigurationProblem)
}

/// Result of inquiryRefund.
public enum RefundInquiryOutcome: Equatable, Sendable {
    case refunded(refundId: String?, amount: Money)
    case failed(resultCode: String, message: String?)
    case processing
    /// No such refund: the refund request never reached the acquirer; resend it, same id.
    case notFound
    case unknown(UnknownReason)
    case configurationError(ConfigurationProblem)
}
