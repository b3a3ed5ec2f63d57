import Synchronization

/// The one stream every output subscribes to. Publishing never waits: each subscriber has its own
/// bounded buffer, and when a slow or blocked subscriber's buffer is full its oldest event is
/// dropped and counted for that subscriber alone. So a listener that stalls (a speaker that
/// hangs, a broker that does not answer) delays neither the settlement engine that publishes
/// nor any other listener. Each subscriber sees the events in the order they were published.
public final class EventBus: Sendable {
    private struct Subscriber: Sendable {
        let id: Int
        let name: String
        let continuation: AsyncStream<AgentEvent>.Continuation
        let dropped: Counter
    }

    private struct State {
        var subscribers: [Subscriber] = []
        var nextID = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Hands `event` to every subscriber's buffer and returns at once.
    public func publish(_ event: AgentEvent) {
        for subscriber in state.withLock({ $0.subscribers }) {
            if case .dropped = subscriber.continuation.yield(event) { subscriber.dropped.add() }
        }
    }

    /// A new subscriber named `name` (for `status` and the metrics), holding at most `buffer`
    /// events it has not read yet. It hears only what is published from now on.
    public func subscribe(_ name: String, buffer: Int = 64) -> EventSubscription {
        let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self, bufferingPolicy: .bufferingNewest(max(1, buffer)))
        let dropped = Counter()
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            state.subscribers.append(Subscriber(id: state.nextID, name: name, continuation: continuation, dropped: dropped))
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { $0.subscribers.removeAll { $0.id == id } }
        }
        return EventSubscription(name: name, events: stream, dropped: dropped)
    }

    /// Events each subscriber lost because its buffer was full, by subscriber name.
    public var dropped: [String: Int] {
        state.withLock { state in
            state.subscribers.reduce(into: [:]) { $0[$1.name, default: 0] += $1.dropped.value }
        }
    }

    /// Ends every subscription (the agent is stopping): each listener finishes what it holds.
    public func finish() {
        for subscriber in state.withLock({ $0.subscribers }) { subscriber.continuation.finish() }
    }
}

/// One subscriber's events, in publishing order.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = AgentEvent
    public let name: String
    let events: AsyncStream<AgentEvent>
    let dropped: Counter

    /// How many events this subscriber lost to a full buffer.
    public var droppedCount: Int { dropped.value }

    public func makeAsyncIterator() -> AsyncStream<AgentEvent>.Iterator { events.makeAsyncIterator() }
}

final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
