import Synchronization

/// Ctrl-C while a command waits (`test scan`, a slow acquirer): the port's reader thread sees the
/// byte at once and cancels the running command here, rather than queueing it behind the command.
public final class InterruptSwitch: Sendable {
    private let state = Mutex(State())

    private struct State {
        var armed = false
        var interrupted = false
        var task: Task<Void, Never>?
    }

    init() {}

    /// From here until `run` ends, a Ctrl-C belongs to the command. Called before the command
    /// tells the technician that Ctrl-C stops it, so no Ctrl-C typed after that is missed.
    func arm() {
        state.withLock { $0 = State(armed: true) }
    }

    /// Runs `body` as a cancellable task until it ends or Ctrl-C arrives.
    func run(_ body: @escaping @Sendable () async -> Void) async {
        let task = Task { await body() }
        let interrupted = state.withLock { state in
            state.task = task
            return state.interrupted
        }
        if interrupted { task.cancel() }
        await task.value
        state.withLock { $0 = State() }
    }

    /// True when a command holds Ctrl-C (it is cancelled, or will be as soon as it starts).
    func interrupt() -> Bool {
        let (held, task) = state.withLock { state -> (Bool, Task<Void, Never>?) in
            guard state.armed else { return (false, nil) }
            state.interrupted = true
            return (true, state.task)
        }
        task?.cancel()
        return held
    }
}
