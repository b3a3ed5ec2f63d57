import PaymentModel
import Journal
import Settlement
import ServiceLifecycle

/// Where the amount of a payment comes from, and where its result goes: the seam between the
/// scanner and the settlement engine. The composition root asks the active source for an order
/// on every accepted payment code and hands it every settlement event.
///
/// Exactly one source is active at a time (`SwitchableAmountSource`). A source is a `Service`:
/// `run()` holds whatever it listens on (a serial port, a TCP listener, a timer) until the task is
/// cancelled or the service group shuts down gracefully.
public protocol AmountSource: Service, AnyObject {
    /// The configuration name of this kind of source: `ecr`, `display-tap`, `fixed`, `console`.
    var kind: AmountSourceKind { get }

    /// A payment code was scanned: the order to pay, already opened in the journal, or the
    /// reason no order is waiting for one.
    func orderForScan() async -> OrderForScan

    /// Every settlement event, in order, so results reach the POS and the source can disarm.
    /// Events for orders the source did not open are ignored.
    func deliver(_ event: PaymentEvent) async

    /// Whether an amount is waiting for a code right now; drives the "armed" pattern.
    var arming: ArmingSignal { get }

    /// One line for the console's `status`: the source, its link, what is armed.
    func statusText() async -> String
}

/// The answer to "a code was scanned, what should it pay?".
public enum OrderForScan: Sendable, Equatable {
    /// Pay this order (its reference in the journal).
    case order(String)
    /// Pay a new order, not in the journal yet: the engine records it together with the attempt,
    /// in the one commit the pay waits for, so a fixed price or a tapped total costs no journal
    /// write of its own between the scan and the wire.
    case open(Order)
    /// Nothing to pay; the reason is for the log and the console ("no amount armed").
    case none(String)
    /// The journal cannot record the order (disk full, read-only): no payment until it is fixed.
    case journalFault(String)

}

/// The sources there are, by their configuration names.
public enum AmountSourceKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case ecr
    case displayTap = "display-tap"
    case fixed
    case console

    public var description: String { rawValue }
}
