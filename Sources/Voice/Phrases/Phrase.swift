import Money
import PaymentModel

/// What the box can say. Each is one joined buffer of clips, built by the locale's grammar.
public enum Phrase: Sendable, Equatable {
    /// Verified S/SUCCESS: the amount and the wallet that paid (`pspName`; nil or unknown: "wallet").
    case paid(amount: Money?, wallet: String?)
    /// The acquirer refused; the reason, where it is one a customer can act on.
    case declined(DeclineReason)
    /// The wallet asks the customer to confirm (password, limit) on the phone.
    case confirmOnPhone
    /// The acquirer is out of reach: the payment is queued and goes when it can.
    case queued
    /// The code was not sent while it was valid: show a new one.
    case codeExpired
    /// The scanner read something that is not a payment code.
    case notPaymentCode
    /// The outcome stayed unknown and the payment was cancelled: nothing was charged.
    case notCompleted
    /// A code was scanned with no amount waiting.
    case noAmount
    /// A paid payment was reversed at the merchant's request: the money goes back.
    case reversed(amount: Money?)
    /// The agent started (optional: `voice.announce-startup`).
    case ready
    /// The box needs a technician: journal fault, configuration refused, payment to reconcile,
    /// scanner gone (optional: `voice.announce-faults`).
    case fault

    /// Results a customer asks to hear again (`say last`); prompts and faults are not.
    public var isResult: Bool {
        switch self {
        case .paid, .declined, .confirmOnPhone, .queued, .codeExpired, .notPaymentCode, .notCompleted, .noAmount, .reversed: true
        case .ready, .fault: false
        }
    }
}

extension Phrase {
    /// Names for `test voice PHRASE`, with the sample each plays.
    public static let testNames = ["paid", "declined", "confirm", "queued", "expired", "not-a-code", "not-completed",
                                   "no-amount", "reversed", "ready", "fault"]

    /// The phrase `test voice` plays for `name`; the amount (when the phrase has one) is `amount`.
    public static func test(named name: String, amount: Money?, wallet: String? = "ALIPAYCN") -> Phrase? {
        switch name {
        case "paid": .paid(amount: amount, wallet: wallet)
        case "declined": .declined(.insufficientFunds)
        case "confirm": .confirmOnPhone
        case "queued": .queued
        case "expired": .codeExpired
        case "not-a-code": .notPaymentCode
        case "not-completed": .notCompleted
        case "no-amount": .noAmount
        case "reversed": .reversed(amount: amount)
        case "ready": .ready
        case "fault": .fault
        default: nil
        }
    }
}
