import PaymentModel
import Synchronization

/// A POST already handed to the transport's queue, whose answer can be awaited later. It lets the
/// thread that makes a request durable start it at once, instead of waking a task to do so.
public final class PendingExchange: Sendable {
    private enum State {
        case running
        case waiting(CheckedContinuation<Result<HTTPExchange, TransportError>, Never>)
        case done(Result<HTTPExchange, TransportError>)
    }

    private let state = Mutex(State.running)

    init() {}

    func complete(_ result: Result<HTTPExchange, TransportError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<HTTPExchange, TransportError>, Never>? in
            defer { state = .done(result) }
            if case .waiting(let continuation) = state { return continuation }
            return nil
        }
        waiter?.resume(returning: result)
    }

    /// The exchange's result, once the transport has it. Await it once.
    public var result: Result<HTTPExchange, TransportError> {
        get async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Result<HTTPExchange, TransportError>? in
                    if case .done(let result) = state { return result }
                    state = .waiting(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
