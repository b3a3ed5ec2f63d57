import FoundationEssentials
import Journal

/// One final payment or refund on `scanbridge/<box>/payments`, version 1: everything needed to
/// reconcile it with Antom's settlement report, and nothing a customer would mind (the code is
/// never in it; the customer id is the acquirer's masked one). At least once: the same row may
/// arrive twice, and a payment again when its state changes (a reversal); keep the one with the
/// latest `updatedAt` per `paymentRequestId` (payments) or `refundRequestId` (refunds).
public struct PaymentRecord: Codable, Sendable, Equatable {
    public struct Amount: Codable, Sendable, Equatable {
        /// Minor units as a decimal string, as Antom writes amounts ("1250" is 12.50 USD).
        public var value: String
        public var currency: String

        public init(value: String, currency: String) {
            self.value = value
            self.currency = currency
        }
    }

    public var v = 1
    /// `payment` or `refund`.
    public var type: String
    public var box: String
    public var paymentRequestId: String
    /// Refunds only.
    public var refundRequestId: String?
    /// The acquirer's id of the payment (`paymentId`), once it gave one.
    public var paymentId: String?
    /// Refunds only: the acquirer's `refundId`.
    public var refundId: String?
    public var orderReference: String?
    public var amount: Amount
    /// What the wallet charged, when the acquirer reported it (another currency for cross-border wallets).
    public var walletAmount: Amount?
    /// The wallet (`pspName`) the acquirer named.
    public var wallet: String?
    public var customerId: String?
    public var acquirer: String?
    /// The journal's state: succeeded, declined, failed, cancelled, expired, needsAttention;
    /// refunded or failed for a refund.
    public var state: String
    public var resultCode: String?
    public var reason: String?
    public var declineReason: String?
    /// Who reversed a paid payment (`console`, `pos`), or who asked for a refund.
    public var source: String?
    /// Scan (payment) or request (refund), Unix ms and ISO 8601 UTC.
    public var createdAt: Int64
    public var createdAtISO: String
    /// The last change, the version to keep.
    public var updatedAt: Int64
    public var updatedAtISO: String

    public init(_ item: ExportItem, box: String) {
        switch item {
        case .payment(let attempt):
            type = "payment"
            paymentRequestId = attempt.paymentRequestId
            paymentId = attempt.paymentId
            orderReference = attempt.orderReference
            amount = Amount(value: String(attempt.amountMinor), currency: attempt.currency)
            if let actual = attempt.payer.actualAmountMinor, let currency = attempt.payer.actualCurrency {
                walletAmount = Amount(value: String(actual), currency: currency)
            }
            wallet = attempt.payer.wallet
            customerId = attempt.payer.customerId
            acquirer = attempt.acquirer
            state = attempt.state.rawValue
            resultCode = attempt.resultCode
            reason = attempt.reason
            declineReason = attempt.declineReason
            source = attempt.reversalSource
            createdAt = attempt.capturedAt
            updatedAt = attempt.updatedAt
        case .refund(let refund, let paymentRequestId):
            type = "refund"
            self.paymentRequestId = paymentRequestId
            refundRequestId = refund.refundRequestId
            paymentId = refund.paymentId
            refundId = refund.refundId
            amount = Amount(value: String(refund.amountMinor), currency: refund.currency)
            state = refund.state.rawValue
            resultCode = refund.resultCode
            reason = refund.reason.isEmpty ? nil : refund.reason
            source = refund.source
            createdAt = refund.createdAt
            updatedAt = refund.updatedAt
        }
        self.box = box
        createdAtISO = ISOTime.utc(milliseconds: createdAt)
        updatedAtISO = ISOTime.utc(milliseconds: updatedAt)
    }

    public var json: [UInt8] { FleetJSON.encode(self) }

    /// The key duplicates share.
    public var dedupKey: String { refundRequestId.map { "refund:" + $0 } ?? "payment:" + paymentRequestId }
}
