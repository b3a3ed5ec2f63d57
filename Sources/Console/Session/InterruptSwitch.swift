import Synchronization

/// Ctrl-C while a command waits (`test scan`, a slow acquirer): the port's reader thread sees the
/// byte at once and cancels the running command here, rather than queueing it behind the command.
public final class InterruptSwitch: Sendable {
    private let current = Mutex<Task<Void, Never>?>(nil)

    init() {}

    /// Runs `body` as a cancellable task until it ends or Ctrl-C arrives.
    func run(_ body: @escaping @Sendable () async -> Void) async {
        let task = Task { await body() }
        current.withLock { $0 = task }
        await task.value
        current.withLock { $0 = nil }
    }

    /// True when a command was running and is now cancelled (the Ctrl-C is used up).
    func interrupt() -> Bool {
        guard let task = current.withLock({ $0 }) else { return false }
        task.cancel()
        return true
    }
}
