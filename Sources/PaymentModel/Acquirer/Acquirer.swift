import Money

/// The seam the settlement engine depends on; Antom is one implementation (`AntomClient`). Every call returns an outcome from a closed set;
/// nothing throws, because "the network failed" is itself an outcome the engine must handle
/// (usually: unknown, inquire).
public protocol Acquirer: Sendable {
    /// Journaled with every attempt (`antom`), so recovery asks the acquirer the pay went to.
    var name: String { get }
    func pay(_ command: PayCommand) async -> PaymentOutcome
    /// Does everything for a pay except sending it (checks, encoding, signing), so the caller can
    /// overlap that work with the journal's fsync and send only once the attempt is durable.
    func preparePay(_ command: PayCommand) -> PreparedPay
    /// Sends what `preparePay` made; the same outcome `pay` would give.
    func send(_ prepared: PreparedPay) async -> PaymentOutcome
    /// `send`, started from the calling thread before returning: the journal's thread calls it
    /// the moment the attempt is durable, so the request does not wait for a task to be scheduled.
    func launch(_ prepared: PreparedPay) -> PayInFlight
    func inquire(_ payment: PaymentReference) async -> InquiryOutcome
    func cancel(_ payment: PaymentReference) async -> CancelOutcome
    func refund(_ command: RefundCommand) async -> RefundOutcome
    /// What became of a refund whose answer was unknown (`/ams/api/v1/payments/inquiryRefund`).
    func inquireRefund(_ refundRequestId: RequestID) async -> RefundInquiryOutcome
}

extension Acquirer {
    public var name: String { "\(Self.self)" }
    public func preparePay(_ command: PayCommand) -> PreparedPay { PreparedPay(command: command) }
    public func send(_ prepared: PreparedPay) async -> PaymentOutcome { await pay(prepared.command) }
    public func launch(_ prepared: PreparedPay) -> PayInFlight { PayInFlight(sending: prepared, with: self) }
}

/// A pay ready to go. What "ready" means belongs to the acquirer that prepared it (for Antom, the
/// signed bytes, or the reason none could be made), so the rest of the box carries it unopened:
/// only the acquirer that made `payload` reads it back.
public struct PreparedPay: Sendable {
    public let command: PayCommand
    public let payload: (any Sendable)?

    public init(command: PayCommand, payload: (any Sendable)? = nil) {
        self.command = command
        self.payload = payload
    }
}

/// One payment attempt. `paymentRequestId` is new for every scan; resend the same command only
/// for the same attempt.
public struct PayCommand: Sendable {
    public var paymentRequestId: RequestID
    /// The scanned code, unmodified. Never logged in full.
    public var paymentCode: String
    public var referenceOrderId: String
    public var orderDescription: String
    public var amount: Money
    /// When the attempt was made (epoch seconds): the `storeTerminalRequestTime`. Fixed per
    /// attempt so a resent pay is byte-for-byte the same request, as idempotency requires.
    public var createdAt: Int64

    public init(paymentRequestId: RequestID, paymentCode: String, referenceOrderId: String, orderDescription: String,
                amount: Money, createdAt: Int64 = Timestamp.epochMilliseconds() / 1000) {
        self.paymentRequestId = paymentRequestId
        self.paymentCode = paymentCode
        self.referenceOrderId = referenceOrderId
        self.orderDescription = orderDescription
        self.amount = amount
        self.createdAt = createdAt
    }
}

/// Which payment an inquiry or cancel is about.
public enum PaymentReference: Sendable, Equatable {
    case paymentRequestId(RequestID)
    case paymentId(String)
}

/// A full or partial refund of a successful payment. Resend the same `refundRequestId` after a
/// timeout or unknown answer; a new id is a new refund.
public struct RefundCommand: Sendable {
    public var refundRequestId: RequestID
    public var paymentId: String
    public var amount: Money
    public var reason: String?

    public init(refundRequestId: RequestID, paymentId: String, amount: Money, reason: String? = nil) {
        self.refundRequestId = refundRequestId
        self.paymentId = paymentId
        self.amount = amount
        self.reason = reason
    }
}
