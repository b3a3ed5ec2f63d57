import Synchronization
import Journal
import Logging
import ServiceLifecycle

/// Runs the engine for the life of the agent: recovery first, then every action as it falls due,
/// and retention pruning in small batches. On shutdown it finishes the step in hand and stops;
/// whatever is left resumes from the journal at the next start.
public final class SettlementService: Service, Sendable {
    public let engine: SettlementEngine
    private let clock: any WallClock
    private let retention: Duration
    private let logger: Logger
    private let doorbell = Doorbell()

    public init(engine: SettlementEngine, clock: any WallClock = SystemWallClock(), retention: Duration, logger: Logger) {
        self.engine = engine
        self.clock = clock
        self.retention = retention
        self.logger = logger
    }

    public func run() async throws {
        let doorbell = doorbell
        await engine.setWakeScheduler { doorbell.ring() }
        let resumed = try await engine.recover()
        logger.info("settlement running", metadata: ["resumed": "\(resumed)"])
        let stopping = StopFlag()
        var nextPrune = clock.now()
        await withTaskCancellationOrGracefulShutdownHandler {
            while !stopping.isSet {
                await engine.runDue()
                if clock.now() >= nextPrune {
                    await prune()
                    nextPrune = clock.now() + 3_600_000
                }
                let next = await engine.nextDue()
                let delay = min(max(0, (next ?? Int64.max) - clock.now()), 5_000)
                await waitForDoorbell(orMilliseconds: delay)
            }
        } onCancelOrGracefulShutdown: {
            stopping.set()
            doorbell.ring()
        }
    }

    private func waitForDoorbell(orMilliseconds delay: Int64) async {
        guard delay > 0 else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(delay)) }
            group.addTask { [doorbell] in await doorbell.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    private func prune() async {
        let before = clock.now() - retention.ms
        var total = 0
        while true {
            guard let pruned = try? await engine.journal.prune(finalBefore: before, batch: 200) else { break }
            total += pruned
            if pruned < 200 { break }
            await Task.yield()
        }
        if total > 0 { logger.info("pruned old payments", metadata: ["count": "\(total)"]) }
    }
}

final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
