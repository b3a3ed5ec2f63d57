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
    private let busy: Mutex<Set<OutputName>>
    private let reclaims = Mutex(0)

    /// - Parameters:
    ///   - failing: outputs reported unclaimable at start.
    ///   - failingWrites: outputs whose every write fails (a line that went away at run time).
    ///   - busy: outputs whose GPIO line another process holds (EBUSY) until ``free(_:)``.
    init(outputs: Set<OutputName> = Set(OutputName.standard), failing: Set<OutputName> = [], failingWrites: Set<OutputName> = [],
         busy: Set<OutputName> = []) {
        self.outputs = outputs
        self.busy = Mutex(busy)
        self.failing = failing
        self.failingWrites = failingWrites
        (writes, continuation) = AsyncStream.makeStream(of: OutputWrite.self)
    }

    /// "start", "stop" and "<output>=<0|1>" in order.
    var events: [String] { log.withLock { $0 } }

    func start() -> [OutputFault] {
        log.withLock { $0.append("start") }
        let busy = self.busy.withLock { $0 }
        return failing.sorted().map { OutputFault(output: $0, reason: "test: \($0) is unplugged") } + busy.sorted().map(Self.busyFault)
    }

    /// The fault the real GPIO backend reports for a line that answered EBUSY.
    static func busyFault(_ output: OutputName) -> OutputFault {
        OutputFault(output: output, reason: GPIOError.requestFailed(.busy, line: "GPIO22", chip: "pinctrl-bcm2711").description)
    }

    func reclaim(_ output: OutputName) -> OutputFault? {
        reclaims.withLock { $0 += 1 }
        if failing.contains(output) { return OutputFault(output: output, reason: "test: \(output) is unplugged") }
        return busy.withLock { $0.contains(output) } ? Self.busyFault(output) : nil
    }

    /// The other process lets go of the line.
    func free(_ output: OutputName) { _ = busy.withLock { $0.remove(output) } }

    var reclaimAttempts: Int { reclaims.withLock { $0 } }

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
