import ServiceLifecycle
import Synchronization

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
/// after the agent is assembled is missed) and delivers on a task of its own. At a graceful
/// shutdown it stops at once, without waiting for its buffer to empty (what it has not said by
/// then is stale) and without waiting for a `receive` that does not return: a stuck output
/// cannot hold the agent's stop any more than it can hold a payment.
public struct ListenerService: Service {
    public let listener: any EventListener
    private let subscription: EventSubscription

    public init(_ listener: any EventListener, on bus: EventBus) {
        self.listener = listener
        self.subscription = bus.subscribe(listener.name, buffer: listener.buffer)
    }

    public var droppedCount: Int { subscription.droppedCount }

    public func run() async throws {
        let finished = OneShot()
        let delivery = Task { [subscription, listener] in
            for await event in subscription {
                if Task.isCancelled { break }
                await listener.receive(event)
            }
            finished.fire()
        }
        await withTaskCancellationOrGracefulShutdownHandler {
            await finished.wait()
        } onCancelOrGracefulShutdown: {
            delivery.cancel()
            finished.fire()
        }
    }
}

/// Wakes one waiter once, whichever comes first: the waiter or the firing.
final class OneShot: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Void, Never>)
        case fired
    }

    private let state = Mutex(State.idle)

    func fire() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            defer { state = .fired }
            if case .waiting(let continuation) = state { return continuation }
            return nil
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if case .fired = state { return true }
                state = .waiting(continuation)
                return false
            }
            if fired { continuation.resume() }
        }
    }
}
