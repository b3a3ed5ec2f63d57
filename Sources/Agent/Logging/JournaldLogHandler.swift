import Glibc
import Logging
import Synchronization

/// One line per event on stderr, with the `<N>` syslog priority prefix journald reads
/// (SyslogLevelPrefix=yes is systemd's default) and no timestamp of its own (journald adds one).
/// Metadata follows the message as `key=value`; newlines are escaped so an event never spans
/// lines. Payment codes reach the logs masked by their callers; this handler adds nothing.
public struct JournaldLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, write: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.write = write ?? { line in
            var bytes = Array(line.utf8)
            _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }

    /// True when stderr goes to the journal: systemd sets `$JOURNAL_STREAM` for its services.
    public static var stderrIsJournal: Bool { getenv("JOURNAL_STREAM") != nil }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let rendered = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.oneLine("\($0.value)"))" }
        let text = ([Self.oneLine(event.message.description)] + rendered).joined(separator: " ")
        write("<\(Self.priority(event.level))>\(label): \(text)\n")
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func oneLine(_ text: String) -> String {
        text.contains("\n") ? text.replacing("\n", with: "\\n") : text
    }
}
