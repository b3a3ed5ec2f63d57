import Console
import Synchronization

/// Tasks waiting in `test scan` for the next scanner read. The composition root passes every
/// scan event to the host (the scanner's event stream has one reader, the payment path), and
/// the host hands the next one to whoever waits.
final class ScanWaiters: Sendable {
    private let state = Mutex<(next: Int, waiting: [Int: CheckedContinuation<ScanReport?, Never>])>((0, [:]))

    /// The next report, or nil when `timeout` passes or the task is cancelled first.
    func next(timeout: Duration) async -> ScanReport? {
        await withTaskGroup(of: ScanReport?.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func deliver(_ report: ScanReport) {
        let waiting = state.withLock { state in
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for continuation in waiting { continuation.resume(returning: report) }
    }

    private func wait() async -> ScanReport? {
        let id = state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiting[id] = continuation
                    return false
                }
                if cancelled { continuation.resume(returning: nil) }
            }
        } onCancel: {
            let continuation = state.withLock { $0.waiting.removeValue(forKey: id) }
            continuation?.resume(returning: nil)
        }
    }
}
