import PaymentModel
import Scanner
import Settlement
import Synchronization

/// Late-bound listeners for what the agent sees: the console attaches here after the agent is
/// built (it needs the agent's journal and engine first).
public final class EventRelay: Sendable {
    private let listeners = Mutex<(scans: [@Sendable (ScanEvent) -> Void], payments: [@Sendable (PaymentEvent) -> Void])>(([], []))

    public init() {}

    public func onScan(_ listener: @escaping @Sendable (ScanEvent) -> Void) { listeners.withLock { $0.scans.append(listener) } }
    public func onPayment(_ listener: @escaping @Sendable (PaymentEvent) -> Void) { listeners.withLock { $0.payments.append(listener) } }

    func scan(_ event: ScanEvent) { for listener in listeners.withLock({ $0.scans }) { listener(event) } }
    func payment(_ event: PaymentEvent) { for listener in listeners.withLock({ $0.payments }) { listener(event) } }
}
