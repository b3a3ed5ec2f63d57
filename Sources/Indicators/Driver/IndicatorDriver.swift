import Logging
import ServiceLifecycle
import Synchronization

/// Plays the pattern for each ``IndicatorEvent`` on a backend, as a swift-service-lifecycle
/// `Service`. Call ``send(_:)`` from anywhere; read ``status`` for the console.
///
/// All outputs go to the safe state (off) when `run()` starts (so a restart after a crash begins
/// dark) and again when it ends by cancellation or graceful shutdown. A driver runs once.
///
/// The clock is injected so tests can drive time by hand; production uses `ContinuousClock`.
public final class IndicatorDriver<C: Clock>: Service, Sendable where C.Duration == Duration {
    enum Input: Sendable {
        case event(IndicatorEvent)
        case tick(generation: Int)
        /// Time to try the outputs that are down again.
        case retry
        case stop
    }

    public let backend: any IndicatorBackend
    public let book: PatternBook
    let clock: C
    let logger: Logger
    let inbox: AsyncStream<Input>
    let inboxContinuation: AsyncStream<Input>.Continuation
    let health: HealthRecord
    /// How often outputs that are down are tried again (a line another process let go of), once
    /// the first retries (1 s doubling) have passed.
    let retryInterval: Duration

    /// The first retry after a start; it doubles until it reaches `retryInterval`.
    let firstRetry: Duration

    public init(backend: any IndicatorBackend, book: PatternBook = .defaults, clock: C, retryInterval: Duration = .seconds(30),
                firstRetry: Duration = .seconds(1), logger: Logger) {
        self.backend = backend
        self.retryInterval = retryInterval
        self.firstRetry = firstRetry
        self.book = book
        self.clock = clock
        self.logger = logger
        // Newest wins when the driver falls far behind: only the latest events matter to a merchant.
        (inbox, inboxContinuation) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .bufferingNewest(64))
        health = HealthRecord(outputs: backend.outputs)
        let unused = book.outputs.subtracting(backend.outputs)
        if !unused.isEmpty {
            logger.notice("indicator outputs not fitted on this board; patterns skip them",
                          metadata: ["outputs": "\(unused.sorted().map(\.rawValue).joined(separator: ","))"])
        }
    }

    /// Queues an event. Never blocks and never fails; safe from any thread or task.
    public func send(_ event: IndicatorEvent) {
        inboxContinuation.yield(.event(event))
    }

    /// Which outputs work, which are down and why, and what is showing.
    public var status: IndicatorStatus { health.snapshot }

    public func run() async throws {
        for fault in backend.start() { report(fault) }
        var engine = IndicatorEngine(book: book, outputs: backend.outputs, initial: .idle, at: clock.now)
        var timer: Task<Void, Never>?
        var generation = 0
        // Soon at first, then every retryInterval: at boot the agent starts while udev's coldplug
        // is still loading leds-gpio and giving gpiochip0 its group, and on the emulated board
        // every output stayed down for the first 30 s after boot. 1, 2, 4, 8, 16 s, then 30 s.
        let retrying = Task { [clock, retryInterval, firstRetry, inboxContinuation] in
            var wait = min(firstRetry, retryInterval)
            while (try? await clock.sleep(for: wait)) != nil {
                inboxContinuation.yield(.retry)
                wait = min(wait * 2, retryInterval)
            }
        }
        defer {
            retrying.cancel()
            timer?.cancel()
            backend.stop()
            health.showing(nil)
        }
        perform(engine.advance(to: clock.now), showing: engine.showing)
        await withTaskCancellationOrGracefulShutdownHandler {
            var iterator = inbox.makeAsyncIterator()
            while true {
                timer?.cancel()
                generation += 1
                timer = schedule(engine.nextDeadline, generation: generation)
                guard let input = await iterator.next() else { return }
                let now = clock.now
                switch input {
                case .event(let event):
                    perform(engine.receive(event, at: now), showing: engine.showing)
                case .tick(let tick) where tick == generation:
                    perform(engine.advance(to: now), showing: engine.showing)
                case .tick:
                    continue
                case .retry:
                    for output in retryDownOutputs() {
                        perform(engine.resync(output, at: now), showing: engine.showing)
                    }
                case .stop:
                    return
                }
            }
        } onCancelOrGracefulShutdown: { [inboxContinuation] in
            inboxContinuation.yield(.stop)
        }
    }

    /// One sleeping task per deadline; a stale one (its generation passed) is ignored when it fires.
    private func schedule(_ deadline: C.Instant?, generation: Int) -> Task<Void, Never>? {
        guard let deadline else { return nil }
        return Task { [clock, inboxContinuation] in
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
                inboxContinuation.yield(.tick(generation: generation))
            } catch {
                // Cancelled because a newer deadline replaced this one.
            }
        }
    }

    private func perform(_ writes: [OutputWrite], showing: IndicatorEvent) {
        health.showing(showing)
        for write in writes where health.isUp(write.output) {
            do {
                try backend.write(write)
            } catch {
                report(error)
            }
        }
    }

    /// An output that works again is marked up and logged once; one still failing stays quiet
    /// (its fault was logged when it went down). Returns the outputs that are back.
    private func retryDownOutputs() -> [OutputName] {
        health.snapshot.down.filter { output in
            guard backend.reclaim(output) == nil else { return false }
            health.markUp(output)
            logger.notice("indicator output back", metadata: ["output": "\(output)"])
            return true
        }
    }

    /// Reports a fault once: the output is marked down and skipped from then on, so a missing LED
    /// costs one log line, not one per blink.
    private func report(_ fault: OutputFault) {
        guard health.markDown(fault) else { return }
        logger.error("indicator output down; carrying on without it",
                     metadata: ["output": "\(fault.output)", "reason": "\(fault.reason)"])
    }
}

extension IndicatorDriver where C == ContinuousClock {
    public convenience init(backend: any IndicatorBackend, book: PatternBook = .defaults, logger: Logger) {
        self.init(backend: backend, book: book, clock: ContinuousClock(), logger: logger)
    }
}

/// The driver's shared health record, read by the console from other tasks.
final class HealthRecord: Sendable {
    private let state: Mutex<IndicatorStatus>

    init(outputs: Set<OutputName>) {
        state = Mutex(IndicatorStatus(outputs: Dictionary(uniqueKeysWithValues: outputs.map { ($0, .ok) })))
    }

    var snapshot: IndicatorStatus { state.withLock { $0 } }

    func isUp(_ output: OutputName) -> Bool { state.withLock { $0.outputs[output] == .ok } }

    func showing(_ event: IndicatorEvent?) { state.withLock { $0.showing = event } }

    func markUp(_ output: OutputName) { state.withLock { $0.outputs[output] = .ok } }

    /// Returns false when the output was already down (the fault was reported before).
    func markDown(_ fault: OutputFault) -> Bool {
        state.withLock { status in
            if case .down = status.outputs[fault.output] { return false }
            status.outputs[fault.output] = .down(fault.reason)
            return true
        }
    }
}
