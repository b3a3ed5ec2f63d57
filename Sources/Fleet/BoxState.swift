import Events
import Money
import PaymentModel
import Synchronization

/// What the box's status says that only the event stream knows: the scanner, the acquirer link
/// as the last payment found it, and the last result. Updated by `FleetUplink.receive`.
final class BoxState: Sendable {
    struct Snapshot: Sendable {
        var scanner = "no port opened yet"
        var acquirer = "not used yet"
        var lastResult: StatusReport.LastResult?
    }

    private let state = Mutex(Snapshot())

    var snapshot: Snapshot { state.withLock { $0 } }

    /// True when the status changed enough to publish it now.
    func apply(_ event: AgentEvent) -> Bool {
        switch event {
        case .scan(let scan):
            switch scan.kind {
            case .scannerConnected(let path): state.withLock { $0.scanner = "connected at \(path)" }
            case .scannerDisconnected(let error): state.withLock { $0.scanner = "DOWN: \(error)" }
            default: return false
            }
            return true
        case .payment(let payment):
            guard let outcome = Self.outcome(payment.kind) else { return false }
            state.withLock { state in
                state.lastResult = StatusReport.LastResult(
                    outcome: outcome, order: payment.orderReference,
                    amount: payment.amount.map { PaymentRecord.Amount(value: String($0.minorUnits), currency: $0.currency.code) },
                    wallet: payment.wallet, at: payment.at)
                switch payment.kind {
                case .succeeded, .declined: state.acquirer = "reachable"
                case .queuedOffline: state.acquirer = "UNREACHABLE (payments queued)"
                default: break
                }
            }
            return true
        default:
            return false
        }
    }

    /// The steps a merchant sees as a result; nil for the steps in between.
    static func outcome(_ kind: PaymentEvent.Kind) -> String? {
        switch kind {
        case .processing, .waitingForCustomer: nil
        case .succeeded: "paid"
        case .declined: "declined"
        case .queuedOffline: "queued-offline"
        case .expired: "expired"
        case .cancelled: "cancelled"
        case .duplicateReversed: "duplicate-reversed"
        case .reversed: "reversed"
        case .needsAttention: "needs-attention"
        case .refused: "refused"
        case .journalFault: "journal-fault"
        case .configurationError: "configuration-error"
        }
    }
}
