import PaymentModel
import Glibc
import Logging
import Synchronization

/// Where the agent's log lines go, and from which level: stderr (journald's format under systemd)
/// and, when `log.file` is set, that file, rotated by size. The level is one value for every
/// logger in the process, read at each event, so `log.level` applies live: a console `commit`
/// changes it for loggers made long before.
public final class LogOutput: Sendable {
    private let level: Atomic<Int>
    private let file: Mutex<LogFile?>
    private let journald: Bool

    /// - Parameters:
    ///   - filePath: `log.file`; nil or empty writes stderr only.
    ///   - maxFileBytes: past this size the file becomes `<file>.1` (the one before is dropped) and
    ///     a new one starts, so the log takes at most twice this on the eMMC.
    public init(level: Logger.Level, filePath: String?, maxFileBytes: Int = 4 << 20, journald: Bool = JournaldLogHandler.stderrIsJournal) {
        self.level = Atomic(Self.rank(level))
        self.journald = journald
        self.file = Mutex(filePath.flatMap { $0.isEmpty ? nil : LogFile(path: $0, maxBytes: maxFileBytes) })
    }

    public var logLevel: Logger.Level {
        get { Self.levels[level.load(ordering: .relaxed)] }
        set { level.store(Self.rank(newValue), ordering: .relaxed) }
    }

    /// The file being written, if it could be opened.
    public var filePath: String? { file.withLock { $0?.path } }

    public func handler(label: String) -> any LogHandler {
        OutputHandler(label: label, output: self)
    }

    func write(_ event: LogEvent, label: String, metadata: Logger.Metadata) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let rendered = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(JournaldLogHandler.oneLine("\($0.value)"))" }
        let text = ([JournaldLogHandler.oneLine(event.message.description)] + rendered).joined(separator: " ")
        let seconds = Timestamp.epochMilliseconds() / 1000
        let stamped = "\(Timestamp.iso8601(epochSeconds: seconds, offsetSeconds: 0)) \(event.level) \(label): \(text)\n"
        Self.stderr(journald ? "<\(JournaldLogHandler.priority(event.level))>\(label): \(text)\n" : stamped)
        file.withLock { $0?.append(stamped) }
    }

    private static let levels: [Logger.Level] = Logger.Level.allCases
    private static func rank(_ level: Logger.Level) -> Int { levels.firstIndex(of: level) ?? 2 }

    private static func stderr(_ line: String) {
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

/// A logger's view of the shared output: its level is the output's, whatever a caller sets.
private struct OutputHandler: LogHandler {
    let label: String
    let output: LogOutput
    var metadata: Logger.Metadata = [:]

    var logLevel: Logger.Level {
        get { output.logLevel }
        set {}  // one level for the process: `log.level`
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        output.write(event, label: label, metadata: metadata)
    }
}

/// The log file: appended to, never fsynced (a log is not a record of money; the journal is),
/// and rotated once it passes `maxBytes`.
final class LogFile {
    let path: String
    let maxBytes: Int
    private var fd: Int32
    private var size: Int

    init?(path: String, maxBytes: Int) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { return nil }
        var info = stat()
        self.size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        self.path = path
        self.maxBytes = maxBytes
        self.fd = fd
    }

    deinit { close(fd) }

    func append(_ line: String) {
        var bytes = Array(line.utf8)
        let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written > 0 { size += written }
        guard size >= maxBytes else { return }
        // Rename, then reopen: a reader holding the old file keeps reading it to its end.
        rename(path, path + ".1")
        let fresh = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fresh >= 0 else { return }  // keep writing the renamed one rather than lose lines
        close(fd)
        fd = fresh
        size = 0
    }
}
