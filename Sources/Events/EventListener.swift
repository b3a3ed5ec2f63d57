import ServiceLifecycle

/// An output of the agent: lights, the POS link, the console, the metrics, a speaker, a fleet
/// uplink. It receives every event on its own task, from its own buffer (`EventBus`), so
/// however long `receive` takes, the engine and the other outputs go on. Adding an output is
/// writing one of these and adding it to the list in `Agent`.
public protocol EventListener: Sendable {
    /// For `status` and the drop counts.
    var name: String { get }
    /// How many unread events it may fall behind by before its oldest are dropped.
    var buffer: Int { get }
    func receive(_ event: AgentEvent) async
}

extension EventListener {
    public var buffer: Int { 64 }
}

/// Runs one listener as a service of the agent: subscribes when built (so nothing published
/// after the agent is assembled is missed), delivers until a graceful shutdown, then stops at
/// once, between two events, without waiting for its buffer to empty (what it has not said by
/// then is stale).
public struct ListenerService: Service {
    public let listener: any EventListener
    private let subscription: EventSubscription

    public init(_ listener: any EventListener, on bus: EventBus) {
        self.listener = listener
        self.subscription = bus.subscribe(listener.name, buffer: listener.buffer)
    }

    public var droppedCount: Int { subscription.droppedCount }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [subscription, listener] in
            for await event in subscription {
                if Task.isCancelled { break }
                await listener.receive(event)
            }
        }
    }
}
