import PaymentModel
import Synchronization

/// Every payment event the engine published, in order.
public final class EventRecorder: Sendable {
    private let events = Mutex<[PaymentEvent]>([])

    public init() {}

    public func append(_ event: PaymentEvent) { events.withLock { $0.append(event) } }
    public var all: [PaymentEvent] { events.withLock { $0 } }
    public var kinds: [PaymentEvent.Kind] { all.map(\.kind) }
    public var succeeded: [PaymentEvent] { all.filter { if case .succeeded = $0.kind { true } else { false } } }
}
