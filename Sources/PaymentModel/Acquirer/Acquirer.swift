import Money

/// The seam the settlement engine depends on. Every call returns an outcome from a closed set;
/// nothing throws, because "the network failed" is itself an outcome the engine must handle
/// (usually: unknown, inquire).
public protocol Acquirer: Sendable {
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
    public func preparePay(_ command: PayCommand) -> PreparedPay { PreparedPay(command: command) }
    public func send(_ prepared: PreparedPay) async -> PaymentOutcome { await pay(prepared.command) }
    public func launch(_ prepared: PreparedPay) -> PayInFlight { PayInFlight(sending: prepared, with: self) }
}

/// A pay ready to go: for `AntomClient`, the signed bytes; for other acquirers, the command.
public struct PreparedPay: Sendable {
    public let command: PayCommand
    let signed: AntomClient.SignedCall?
    let problem: ConfigurationProblem?

    init(command: PayCommand, signed: AntomClient.SignedCall? = nil, problem: ConfigurationProblem? = nil) {
        self.command = command
        self.signed = signed
        self.problem = problem
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

    var lookup: PaymentLookup {
        switch self {
        case .paymentRequestId(let id): return PaymentLookup(paymentRequestId: id.value)
        case .paymentId(let id): return PaymentLookup(paymentId: id)
        }
    }
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
