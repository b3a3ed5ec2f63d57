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
}

/// A state change to record, with what was learnt on the way.
public struct Transition: Sendable {
    public var to: AttemptState
    public var reason: String
    public var at: Int64
    public var nextActionAt: Int64?
    public var paymentId: String?
    public var resultCode: String?
    public var countsInquiry = false
    public var countsCancelTry = false

    public init(
        to: AttemptState, reason: String, at: Int64, nextActionAt: Int64? = nil, paymentId: String? = nil,
        resultCode: String? = nil, countsInquiry: Bool = false, countsCancelTry: Bool = false
    ) {
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
