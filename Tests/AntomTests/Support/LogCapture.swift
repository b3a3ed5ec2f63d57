import Logging
import Synchronization

/// A swift-log handler that keeps every record, so tests can check what was (and was not) logged.
final class LogCapture: LogHandler, Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    var securityWarnings: [Record] { all.filter { $0.level == .warning && $0.metadata["security"] != nil } }

    /// Everything logged, flattened to one string: for "the full code never appears" checks.
    var text: String { all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n") }

    func log(event: LogEvent) {
        let flat = event.metadata?.mapValues { "\($0)" } ?? [:]
        records.withLock { $0.append(Record(level: event.level, message: "\(event.message)", metadata: flat)) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
}
