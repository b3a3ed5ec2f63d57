/// Where one payment attempt stands. Every change is journaled with its time and reason.
///
/// ```
/// captured ──▶ submitting ──▶ succeeded | declined | unknown
///    ▲   │              ├──▶ captured    (not sent: the acquirer was unreachable; queued)
///    │   │              └──▶ cancelling  (acquirer says paid, but the order was already paid)
///    │   └──▶ expired  (never sent before the code's validity ran out)
///    └── (queued pays are retried from captured)
/// unknown ──▶ inquiring ──▶ succeeded | failed | cancelling
///                      └──▶ needsAttention  (still unknown, and the contract allows no cancel)
/// succeeded ──▶ cancelling  (a merchant reverses it, console or POS; never with refunds)
/// cancelling ──▶ cancelled | needsAttention  (past the cancel deadline, or paid twice)
///            ──▶ succeeded | failed  (the cancel was refused or unanswered; an inquiry says
///                                     the payment completed, or failed, meanwhile)
/// ```
public enum AttemptState: String, Hashable, Sendable, CaseIterable {
    /// Code and amount recorded; nothing sent yet (offline, or waiting for the link).
    case captured
    /// The pay request is about to leave or has left; its id is durable.
    case submitting
    /// The acquirer confirmed payment with a verified S / SUCCESS.
    case succeeded
    /// The acquirer answered pay with F.
    case declined
    /// Pay gave no usable answer (timeout, U, unsigned or unverifiable response).
    case unknown
    /// Polling inquiryPayment.
    case inquiring
    /// Inquiry reported FAIL.
    case failed
    /// Reversing: the outcome stayed unknown, or a late success must be undone.
    case cancelling
    /// The acquirer confirmed the cancel: no money moved (or it was returned).
    case cancelled
    /// Never sent, and the code's validity ran out: the customer needs a fresh code.
    case expired
    /// Still unknown past the cancel deadline, or paid twice with the cancel refused: a person
    /// must reconcile this one.
    case needsAttention

    /// No further automatic action.
    public var isFinal: Bool {
        switch self {
        case .succeeded, .declined, .failed, .cancelled, .expired, .needsAttention: true
        case .captured, .submitting, .unknown, .inquiring, .cancelling: false
        }
    }

    /// The states this one may move to. Anything else is a bug and the journal refuses it.
    public var successors: Set<AttemptState> {
        switch self {
        case .captured: [.submitting, .expired]
        case .submitting: [.succeeded, .declined, .unknown, .captured, .cancelling]
        case .unknown: [.inquiring, .cancelling, .needsAttention]
        case .inquiring: [.succeeded, .failed, .cancelling, .needsAttention]
        case .cancelling: [.cancelled, .needsAttention, .succeeded, .failed]
        // Only as a merchant reversal: the journal's trigger refuses any other way out of a success.
        case .succeeded: [.cancelling]
        case .declined, .failed, .cancelled, .expired, .needsAttention: []
        }
    }
}
