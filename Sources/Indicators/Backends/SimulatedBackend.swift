import POSIX
import FoundationEssentials
import Glibc
import Synchronization

/// A board without hardware: every write becomes one JSON line
/// `{"at":1795730032188123,"output":"led.green","pattern":"success","time":1.25,"value":1}`
/// (time = seconds since the driver started; at = wall clock in µs, so another process — the
/// end-to-end benchmark — can line writes up with its own events), appended to a file so
/// `tail -f` shows it live, or kept in memory.
public final class SimulatedBackend: IndicatorBackend {
    public enum Sink: Sendable, Hashable {
        /// Keep records in memory only (tests, benchmarks).
        case memory
        /// Also append JSON lines to this file, created if missing.
        case file(String)
    }

    /// One logged change; also the JSON-line schema.
    public struct Record: Codable, Hashable, Sendable {
        public var time: Double
        public var output: String
        public var value: Int
        public var pattern: String
        public var at: Int64?

        public init(time: Double, output: String, value: Int, pattern: String, at: Int64? = nil) {
            self.time = time
            self.output = output
            self.value = value
            self.pattern = pattern
            self.at = at
        }
    }

    public let outputs: Set<OutputName>
    public let sink: Sink
    private let state: Mutex<(records: [Record], last: Duration)> = Mutex(([], .zero))
    private let observer: (@Sendable (OutputWrite) -> Void)?
    private let keepsRecords: Bool

    /// - Parameters:
    ///   - keepsRecords: false for long runs (benchmarks) so memory stays flat.
    ///   - observer: called on every write, after logging; the benchmark timestamps it.
    public init(outputs: some Sequence<OutputName> = OutputName.standard, sink: Sink = .memory,
                keepsRecords: Bool = true, observer: (@Sendable (OutputWrite) -> Void)? = nil) {
        self.outputs = Set(outputs)
        self.sink = sink
        self.keepsRecords = keepsRecords
        self.observer = observer
    }

    /// The most recent writes, oldest first: at least the last ``memoryLimit``, never more than
    /// twice that, so a memory sink stays bounded however long the agent runs.
    public var records: [Record] { state.withLock { $0.records } }
    public static let memoryLimit = 4096

    public func start() -> [OutputFault] {
        // If the log can't be written, every simulated output is down: nothing would be seen.
        guard let error = safeState().first else { return [] }
        return outputs.sorted().map { OutputFault(output: $0, reason: error) }
    }

    public func write(_ write: OutputWrite) throws(OutputFault) {
        if let error = log([write]) { throw OutputFault(output: write.output, reason: error) }
        observer?(write)
    }

    public func stop() { _ = safeState() }

    private func safeState() -> [String] {
        let last = state.withLock { $0.last }
        let writes = outputs.sorted().map { OutputWrite(output: $0, on: false, pattern: OutputWrite.safeStatePattern, elapsed: last) }
        return log(writes).map { [$0] } ?? []
    }

    /// Returns an error text when the file could not be appended to.
    private func log(_ writes: [OutputWrite]) -> String? {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let at = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        let records = writes.map { write in
            Record(time: Double(write.elapsed.milliseconds) / 1000, output: write.output.rawValue,
                   value: write.on ? 1 : 0, pattern: write.pattern, at: at)
        }
        return state.withLock { state in
            state.last = writes.last?.elapsed ?? state.last
            if keepsRecords {
                state.records += records
                if state.records.count > 2 * Self.memoryLimit { state.records.removeFirst(state.records.count - Self.memoryLimit) }
            }
            guard case .file(let path) = sink else { return nil }
            return Self.append(records, to: path)
        }
    }

    private static func append(_ records: [Record], to path: String) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var bytes: [UInt8] = []
        for record in records {
            guard let line = try? encoder.encode(record) else { return "cannot encode \(record)" }
            bytes += line
            bytes.append(UInt8(ascii: "\n"))
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "cannot open \(path): \(Errno.current)" }
        defer { close(fd) }
        // O_APPEND makes each line one atomic append, so a reader never sees half a record.
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        return written == bytes.count ? nil : "cannot write \(path): \(Errno.current)"
    }
}
