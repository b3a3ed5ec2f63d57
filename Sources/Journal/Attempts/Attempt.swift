/// One try at collecting an order's amount with one scanned code, as the journal holds it.
public struct Attempt: Hashable, Sendable {
    public let id: Int64
    public let orderReference: String
    /// The idempotency key sent to the acquirer; unique per attempt, never reused.
    public let paymentRequestId: String
    /// The full payment code while it may still be sent; nil once the attempt is final.
    public let code: String?
    /// First 6 and last 4 digits, for logs and screens.
    public let codeMasked: String
    public let amountMinor: Int64
    public let currency: String
    public let state: AttemptState
    public let capturedAt: Int64       // Unix ms
    public let codeExpiresAt: Int64    // Unix ms: past this, a captured attempt is not sent
    public let updatedAt: Int64        // Unix ms
    /// When the engine should act on it next (inquiry, cancel retry); nil when nothing is due.
    public let nextActionAt: Int64?
    public let inquiries: Int
    public let cancelTries: Int
    public let paymentId: String?
    public let resultCode: String?
    public let reason: String?
    /// Who paid, as the acquirer reported it with the success; empty until then.
    public var payer: PayerInfo = PayerInfo()
    /// Who asked for this paid payment to be reversed (`console`, `pos`); nil for a cancel the
    /// engine made itself (an unknown outcome, a second success).
    public var reversalSource: String? = nil
    /// What the decline means to the customer (`DeclineReason`), as the acquirer that declined it
    /// read its own result code; nil when not declined, or journaled before migration 6.
    public var declineReason: String? = nil
    /// Which acquirer the attempt went to (`antom`): recovery asks that one, never another.
    public var acquirer: String = "antom"

    /// A merchant reversal of a payment that had succeeded.
    public var isReversal: Bool { reversalSource != nil }
}

/// What the acquirer says about the payer of a successful payment, kept for the receipt, the POS
/// and reconciliation. Every field is as the acquirer sent it, or nil when it sent none.
public struct PayerInfo: Hashable, Sendable {
    /// `pspName`: ALIPAYCN, GCASH, KAKAOPAY …
    public var wallet: String?
    /// `displayCustomerId`, masked by the wallet.
    public var customerId: String?
    /// `actualPaymentAmount`: what the wallet charged, in its currency.
    public var actualAmountMinor: Int64?
    public var actualCurrency: String?
    /// `paymentQuote`: `USD/CNY 7.1`.
    public var quote: String?

    public init(wallet: String? = nil, customerId: String? = nil, actualAmountMinor: Int64? = nil, actualCurrency: String? = nil,
                quote: String? = nil) {
        self.wallet = wallet
        self.customerId = customerId
        self.actualAmountMinor = actualAmountMinor
        self.actualCurrency = actualCurrency
        self.quote = quote
    }

    public var isEmpty: Bool { self == PayerInfo() }
}

/// A state change to record, with what was learnt on the way.
public struct Transition: Sendable {
    public var to: AttemptState
    public var reason: String
    public var at: Int64
    public var nextActionAt: Int64?
    public var paymentId: String?
    public var resultCode: String?
    public var declineReason: String?
    public var countsInquiry = false
    public var countsCancelTry = false
    /// Stored with a success.
    public var payer: PayerInfo?
    /// Set when a merchant reverses a paid payment (succeeded → cancelling).
    public var reversalSource: String?

    public init(
        to: AttemptState, reason: String, at: Int64, nextActionAt: Int64? = nil, paymentId: String? = nil,
        resultCode: String? = nil, declineReason: String? = nil, countsInquiry: Bool = false, countsCancelTry: Bool = false,
        payer: PayerInfo? = nil, reversalSource: String? = nil
    ) {
        self.declineReason = declineReason
        self.payer = payer
        self.reversalSource = reversalSource
        self.to = to
        self.reason = reason
        self.at = at
        self.nextActionAt = nextActionAt
        self.paymentId = paymentId
        self.resultCode = resultCode
        self.countsInquiry = countsInquiry
        self.countsCancelTry = countsCancelTry
    }
}

/// An amount to collect, opened by the POS, a fixed price or the console.
public struct Order: Hashable, Sendable {
    public let reference: String
    public let amountMinor: Int64
    public let currency: String
    public let description: String
    public let source: String
    public let createdAt: Int64

    public init(reference: String, amountMinor: Int64, currency: String, description: String = "", source: String, createdAt: Int64) {
        self.reference = reference
        self.amountMinor = amountMinor
        self.currency = currency
        self.description = description
        self.source = source
        self.createdAt = createdAt
    }
}
