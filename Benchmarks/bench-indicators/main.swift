// Time from an outcome event (success / declined) handed to the indicator driver to the first
// output write on the simulated in-memory backend, the path a merchant waits on. Also the cost
// of the pure pattern engine alone, which is what scales with a slow ARM core.
//
//   swift run -c release bench-indicators [samples]
import Indicators
import Logging
import Synchronization

/// Hands the instant of the first write after `arm()` to whoever awaits `firstWrite()`.
final class FirstWriteProbe: Sendable {
    private let armed = Atomic<Bool>(false)
    let instants: AsyncStream<ContinuousClock.Instant>
    private let continuation: AsyncStream<ContinuousClock.Instant>.Continuation

    init() { (instants, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded) }

    func arm() { armed.store(true, ordering: .sequentiallyConsistent) }

    func observe(_ write: OutputWrite) {
        let now = ContinuousClock.now
        if armed.exchange(false, ordering: .sequentiallyConsistent) { continuation.yield(now) }
    }
}

func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
    sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func microseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let tenths = (seconds * 10_000_000 + attoseconds / 100_000_000_000)
    return "\(tenths / 10).\(tenths % 10) µs"
}

func report(_ name: String, _ samples: [Duration]) {
    let sorted = samples.sorted()
    print("\(name): n=\(sorted.count) p50=\(microseconds(percentile(sorted, 0.5))) "
        + "p90=\(microseconds(percentile(sorted, 0.9))) p99=\(microseconds(percentile(sorted, 0.99))) "
        + "max=\(microseconds(sorted.last ?? .zero))")
}

let samples = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 2000
var logger = Logger(label: "bench-indicators")
logger.logLevel = .warning

let probe = FirstWriteProbe()
let backend = SimulatedBackend(sink: .memory, keepsRecords: false, observer: { probe.observe($0) })
let driver = IndicatorDriver(backend: backend, logger: logger)
let running = Task { try await driver.run() }

/// Sends an event and waits for its first write; returns the latency.
func measure(_ event: IndicatorEvent, _ firstWrites: inout AsyncStream<ContinuousClock.Instant>.Iterator) async -> Duration {
    probe.arm()
    let sent = ContinuousClock.now
    driver.send(event)
    guard let written = await firstWrites.next() else { return .zero }
    return sent.duration(to: written)
}

func driverLatencies() async -> [Duration] {
    var firstWrites = probe.instants.makeAsyncIterator()
    var latencies: [Duration] = []
    _ = await measure(.deviceFault, &firstWrites)  // warm-up: start-up writes out of the way
    for index in 0..<(samples + 50) {
        // From idle, an outcome shows at once; a fault then pre-empts it and idle clears the
        // fault, so every measured event starts from the same standing state.
        _ = await measure(.idle, &firstWrites)
        let latency = await measure(index.isMultiple(of: 2) ? .success : .declined, &firstWrites)
        if index >= 50 { latencies.append(latency) }
        _ = await measure(.deviceFault, &firstWrites)
    }
    return latencies
}

let latencies = await driverLatencies()
running.cancel()
_ = try? await running.value
report("event → first write (driver, simulated in-memory backend)", latencies)

// The engine alone: receive an outcome and compute its writes, no tasks or backend.
var engineCosts: [Duration] = []
let clock = ContinuousClock()
for index in 0..<samples {
    var engine = IndicatorEngine(book: .defaults, outputs: OutputName.standard, initial: .idle, at: clock.now)
    _ = engine.advance(to: clock.now)
    let start = clock.now
    let writes = engine.receive(index.isMultiple(of: 2) ? .success : .declined, at: start)
    let end = clock.now
    if !writes.isEmpty { engineCosts.append(start.duration(to: end)) }
}
report("engine.receive alone (pattern decision, no I/O)", engineCosts)
