import Dispatch

/// Runs the journal actor on a serial dispatch queue of its own instead of Swift's cooperative
/// threads (one or two on a box): SQLite commits block in fsync, and that must not stall the
/// scanner reader's consumers, the LEDs or the HTTP client while it lasts.
final class JournalExecutor: SerialExecutor {
    private let queue = DispatchQueue(label: "scanbridge.journal", qos: .userInitiated)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Plain work on the journal's queue, queued from the calling thread: no task is scheduled on
    /// the way, which saves a thread wake-up on the scan path.
    func run(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }

    /// Lets `Journal.assumeIsolated` accept work that `run` put on the queue.
    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
