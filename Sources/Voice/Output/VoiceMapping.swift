import Events
import PaymentModel

/// What the box says for each thing that happens: the one place where events become phrases,
/// as `IndicatorMapping` is for the lights. Silence for steps nobody at the counter acts on.
enum VoiceMapping {
    static func phrase(for event: AgentEvent, faults: Bool) -> Phrase? {
        switch event {
        case .payment(let payment):
            switch payment.kind {
            case .succeeded: return .paid(amount: payment.amount, wallet: payment.wallet)
            case .declined(let reason, _): return .declined(reason)
            case .waitingForCustomer: return .confirmOnPhone
            case .queuedOffline: return .queued
            case .expired: return .codeExpired
            case .cancelled: return .notCompleted
            case .reversed: return .reversed(amount: payment.amount)
            case .needsAttention, .configurationError, .journalFault: return faults ? .fault : nil
            // A late duplicate being reversed is the box's business, not the customer's; refused
            // scans are answered by `codeRefused`.
            case .processing, .duplicateReversed, .refused: return nil
            }
        case .scan(let scan):
            switch scan.kind {
            case .rejected: return .notPaymentCode
            case .scannerDisconnected: return faults ? .fault : nil
            case .paymentCode, .duplicate, .dropped, .scannerConnected: return nil
            }
        case .codeRefused(let refusal):
            switch refusal.reason {
            case .noAmount: return .noAmount
            case .journalFault: return faults ? .fault : nil
            }
        case .desk, .output, .link: return nil
        }
    }
}
