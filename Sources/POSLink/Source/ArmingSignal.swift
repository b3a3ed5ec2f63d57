import Synchronization

/// The current `Arming` of a source, observable by several parties at once: the indicators
/// (through the router) and tests. Observers are called synchronously, in the order changes are
/// made, on the thread that made them; a change to the same value is not repeated.
public final class ArmingSignal: Sendable {
    private struct State {
        var current: Arming = .idle
        var observers: [Int: @Sendable (Arming) -> Void] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    /// Serialises notifications so two quick changes never reach an observer out of order.
    private let delivery = Mutex(())

    public init() {}

    public var current: Arming { state.withLock { $0.current } }

    /// Sets the arming; observers hear of it if it changed.
    public func set(_ arming: Arming) {
        delivery.withLock { _ in
            let observers: [@Sendable (Arming) -> Void]? = state.withLock { state in
                guard state.current != arming else { return nil }
                state.current = arming
                return state.observers.sorted { $0.key < $1.key }.map(\.value)
            }
            for observer in observers ?? [] { observer(arming) }
        }
    }

    /// Calls `observer` with the current value now and with every change after, until the
    /// returned subscription is cancelled.
    public func observe(_ observer: @escaping @Sendable (Arming) -> Void) -> Subscription {
        delivery.withLock { _ in
            let (id, current) = state.withLock { state in
                defer { state.nextID += 1 }
                state.observers[state.nextID] = observer
                return (state.nextID, state.current)
            }
            observer(current)
            return Subscription { [weak self] in self?.remove(id) }
        }
    }

    /// Every arming from now on, starting with the current one, as a stream (for the agent's
    /// indicator loop). Ends when the consumer stops iterating.
    public func changes() -> AsyncStream<Arming> {
        let (stream, continuation) = AsyncStream<Arming>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let subscription = observe { continuation.yield($0) }
        continuation.onTermination = { _ in subscription.cancel() }
        return stream
    }

    private func remove(_ id: Int) {
        _ = state.withLock { $0.observers.removeValue(forKey: id) }
    }

    /// Stops an observation; safe to cancel more than once.
    public final class Subscription: Sendable {
        private let onCancel: Mutex<(@Sendable () -> Void)?>

        init(_ onCancel: @escaping @Sendable () -> Void) {
            self.onCancel = Mutex(onCancel)
        }

        public func cancel() {
            let action = onCancel.withLock { value in
                defer { value = nil }
                return value
            }
            action?()
        }

        deinit { cancel() }
    }
}
