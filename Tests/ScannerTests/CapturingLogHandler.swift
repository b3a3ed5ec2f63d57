import Logging
import Synchronization

/// Keeps every log message, so tests can check what a technician would see in the journal.
final class LogCapture: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: String
        /// When it was logged, for tests that measure (never assert) how long something took.
        var at = ContinuousClock.now
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func count(_ level: Logger.Level, _ message: String) -> Int {
        all.filter { $0.level == level && $0.message == message }.count
    }

    /// Polls until a message has been logged: a readiness check on a loaded machine, not a timing
    /// assertion. Every test starts at once, and the cooperative threads can be busy for 10 s
    /// before a reader gets started (CI saw it): hence 30 s, and a last look after the deadline.
    func waitFor(_ message: String, timeout: Duration = .seconds(30)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if all.contains(where: { $0.message == message }) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return all.contains { $0.message == message }
    }

    /// Polls until `message` has been logged `count` times.
    func waitFor(_ message: String, count: Int, timeout: Duration = .seconds(30)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if all.lazy.filter({ $0.message == message }).count >= count { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return all.lazy.filter { $0.message == message }.count >= count
    }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append(Entry(level: event.level, message: event.message.description, metadata: fields))
        }
    }
}
