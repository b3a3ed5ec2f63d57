import Indicators
import Synchronization

/// An in-memory backend whose writes a test can await one by one, so driver tests wait for the
/// driver instead of sleeping.
final class WriteRecorder: IndicatorBackend {
    let outputs: Set<OutputName>
    let writes: AsyncStream<OutputWrite>
    private let continuation: AsyncStream<OutputWrite>.Continuation
    private let log = Mutex<[String]>([])
    private let failing: Set<OutputName>
    private let failingWrites: Set<OutputName>

    /// - Parameters:
    ///   - failing: outputs reported unclaimable at start.
    ///   - failingWrites: outputs whose every write fails (a line that went away at run time).
    init(outputs: Set<OutputName> = Set(OutputName.standard), failing: Set<OutputName> = [], failingWrites: Set<OutputName> = []) {
        self.outputs = outputs
        self.failing = failing
        self.failingWrites = failingWrites
        (writes, continuation) = AsyncStream.makeStream(of: OutputWrite.self)
    }

    /// "start", "stop" and "<output>=<0|1>" in order.
    var events: [String] { log.withLock { $0 } }

    func start() -> [OutputFault] {
        log.withLock { $0.append("start") }
        return failing.sorted().map { OutputFault(output: $0, reason: "test: \($0) is unplugged") }
    }

    func write(_ write: OutputWrite) throws(OutputFault) {
        log.withLock { $0.append("\(write.output)=\(write.on ? 1 : 0)") }
        if failingWrites.contains(write.output) { throw OutputFault(output: write.output, reason: "test: write failed") }
        continuation.yield(write)
    }

    func stop() {
        log.withLock { $0.append("stop") }
        continuation.finish()
    }
}

extension AsyncStream<OutputWrite>.Iterator {
    /// The next `count` writes as "output=0|1@ms" strings, in the order the driver made them.
    mutating func take(_ count: Int) async -> [String] {
        var taken: [String] = []
        while taken.count < count, let write = await next() {
            taken.append("\(write.output.rawValue)=\(write.on ? 1 : 0)@\(write.elapsed.components.seconds * 1000 + write.elapsed.components.attoseconds / 1_000_000_000_000_000)")
        }
        return taken
    }
}
