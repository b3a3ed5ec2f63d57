import Money

/// What the engine tells the indicators, the console and the POS. One event per step a merchant
/// or a cashier should see; only `succeeded` ever means "paid".
public struct PaymentEvent: Sendable, Equatable {
    public let kind: Kind
    public let orderReference: String
    /// The attempt it is about; nil when a scan was refused before one existed.
    public let attemptID: Int64?
    public let at: Int64
    /// The wallet that paid, on `succeeded`, when the acquirer named it (the pay answer does,
    /// an inquiry answer does not): the POS prints it on the receipt.
    public let wallet: String?
    /// The order's amount, for every event about an attempt (nil only for a scan refused before an
    /// attempt existed): what a voice or a receipt says.
    public let amount: Money?

    public enum Kind: Sendable, Equatable {
        /// Pay sent; waiting for the acquirer.
        case processing
        /// The acquirer says the customer must confirm on the phone (password, limit).
        case waitingForCustomer
        /// Verified S/SUCCESS from the acquirer.
        case succeeded(paymentId: String?)
        /// The acquirer refused; the reason is what the merchant says to the customer.
        case declined(DeclineReason, resultCode: String)
        /// The acquirer could not be reached; the code will be sent when it can be, while valid.
        case queuedOffline
        /// The code was never sent and is no longer valid: ask for a fresh code.
        case expired
        /// The outcome stayed unknown and the payment was cancelled: not paid.
        case cancelled
        /// A late success for an order that another attempt had already paid is being reversed.
        case duplicateReversed
        /// A paid payment was reversed at a merchant's request (`console`, `pos`): the money
        /// went back to the customer.
        case reversed(source: String)
        /// Cancel kept failing past its window: a person must reconcile this payment.
        case needsAttention
        /// The scan was not taken (journal unavailable, order busy or already paid, no order).
        case refused(String)
        /// The scan was not taken because the journal cannot record it (disk full, read-only, I/O
        /// error): nothing was sent, and the box needs a technician.
        case journalFault(String)
        /// The acquirer or the box rejected our configuration (keys, contract): alert the operator.
        case configurationError(String)
    }

    public init(_ kind: Kind, order: String, attempt: Int64?, at: Int64, wallet: String? = nil, amount: Money? = nil) {
        self.kind = kind
        self.orderReference = order
        self.attemptID = attempt
        self.at = at
        self.wallet = wallet
        self.amount = amount
    }
}
