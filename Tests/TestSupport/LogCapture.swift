import Logging
import Synchronization

/// Keeps every log record in memory, so a test can check what a technician would see in the
/// journal (and what must never appear there), and CI output stays clean.
public final class LogCapture: Sendable {
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
        public let fields: [String: String]
        /// When it was logged, for tests that measure (never assert) how long something took.
        public let at: ContinuousClock.Instant

        /// `key=value` pairs sorted by key, as journald shows them.
        public var metadata: String { fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    public var all: [Entry] { entries.withLock { $0 } }

    /// Each record as one line: `level message key=value …`.
    public var messages: [String] { all.map { "\($0.level) \($0.message) \($0.metadata)" } }

    /// Everything logged, flattened to one string: for "the full code never appears" checks.
    public var text: String { all.map { "\($0.message) \($0.fields)" }.joined(separator: "\n") }

    /// Warnings flagged as security events (`security=` metadata).
    public var securityWarnings: [Entry] { all.filter { $0.level == .warning && $0.fields["security"] != nil } }

    public func count(_ level: Logger.Level, _ message: String) -> Int {
        all.filter { $0.level == level && $0.message == message }.count
    }

    /// Polls until `message` has been logged `count` times: a readiness check on a loaded
    /// machine, not a timing assertion. Every test starts at once, and the cooperative threads can
    /// be busy for 10 s before a reader gets started (CI saw it): hence 30 s, and a last look.
    public func waitFor(_ message: String, count: Int = 1, timeout: Duration = .seconds(30)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if all.lazy.filter({ $0.message == message }).count >= count { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return all.lazy.filter { $0.message == message }.count >= count
    }

    /// A logger at trace level whose records land here.
    public func logger(_ label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    public var logger: Logger { logger() }

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
            let fields = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues { "\($0)" }
            capture.append(Entry(level: event.level, message: event.message.description, fields: fields, at: .now))
        }
    }
}
