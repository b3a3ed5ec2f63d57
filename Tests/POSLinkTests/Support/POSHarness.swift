import Antom
import PaymentModel
import AntomSimulator
import Glibc
import Journal
import Logging
@testable import POSLink
import Settlement
import Synchronization
import Testing
import TestSupport


let quiet = Logger(label: "test.poslink", factory: { _ in SwiftLogNoOpLogHandler() })

/// One box in a test: the real settlement engine against the in-process Antom simulator over
/// loopback HTTP, a journal in a temporary directory, and an amount source wired the way the
/// composition root wires it (scan → `orderForScan` → `submit`; every event → `deliver`).
final class POSHarness<Source: AmountSource>: Sendable {
    let simulator: AntomSimulator
    let client: AntomClient
    let journal: Journal
    let engine: SettlementEngine
    let clock: ManualClock
    let events: EventRecorder
    let source: Source
    let directory: String
    private let forwarding: Task<Void, Never>
    private let running: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(clock: ManualClock = ManualClock(), directory: String? = nil,
         source make: (Journal, SettlementEngine, ManualClock) throws -> Source) async throws {
        let box = try Keys.box.get()
        let acquirerKey = try Keys.acquirer.get()
        simulator = try AntomSimulator(configuration: SimulatorConfiguration(
            signingKey: acquirerKey, boxPublicKey: try box.publicKey(), passwordInquiries: 2, slowResponseDelay: .seconds(2)), port: 0)
        let port = try await simulator.start()
        client = try AntomClient(
            configuration: AntomConfiguration(
                transport: TransportConfiguration(baseURL: "http://127.0.0.1:\(port)", connectTimeout: .seconds(1)),
                clientID: "SANDBOX_TEST",
                merchant: TestMerchant.profile(),
                payTimeout: .seconds(5), callTimeout: .seconds(5)),
            privateKey: box, acquirerPublicKey: try acquirerKey.publicKey(), logger: quiet)
        self.directory = directory ?? Self.makeDirectory()
        journal = try Journal(path: self.directory + "/journal.sqlite")
        self.clock = clock
        let events = EventRecorder()
        self.events = events
        let (stream, continuation) = AsyncStream<PaymentEvent>.makeStream()
        engine = SettlementEngine(journal: journal, acquirer: client, clock: clock, requestIDPrefix: "BOX-7", logger: quiet,
                                  events: { continuation.yield($0) })
        let source = try make(journal, engine, clock)
        self.source = source
        forwarding = Task {
            for await event in stream {
                events.append(event)
                await source.deliver(event)
            }
        }
    }

    /// Starts the source's `run()` (its port, listener or timer).
    func start() {
        let source = source
        running.withLock { $0 = Task { try? await source.run() } }
    }

    /// What the agent does with an accepted code. Returns the order it paid, or nil.
    @discardableResult
    func scan(_ code: String) async -> String? {
        switch await source.orderForScan() {
        case .order(let reference):
            await engine.submit(code: code, masked: String(code.prefix(6)) + "…", orderReference: reference)
            return reference
        case .open(let order):
            await engine.submit(code: code, masked: String(code.prefix(6)) + "…", opening: order)
            return order.reference
        case .none, .journalFault:
            return nil
        }
    }

    /// Moves time on and lets the engine do what fell due.
    func tick(_ step: Duration = .seconds(3), times: Int = 1) async {
        for _ in 0..<times {
            clock.advance(step)
            await engine.runDue()
        }
    }

    /// Stops the source and no longer hands it events, as if the box went down; the engine,
    /// the simulator and the journal stay.
    func stopSource() async {
        let task = running.withLock { $0 }
        task?.cancel()
        await task?.value
        forwarding.cancel()
    }

    /// Stops the source and the simulator (the journal stays for a restarted box).
    func stop() async {
        await stopSource()
        // The simulator waits up to 1 s for the client's warm connection to close; the next test
        // need not wait for that.
        Task { [simulator] in await simulator.stop() }
    }

    func remove() {
        Self.removeJournal(in: directory)
    }

    static func removeJournal(in directory: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(directory + "/journal.sqlite" + suffix) }
        rmdir(directory)
    }

    static func makeDirectory() -> String {
        var template = Array("/tmp/scanbridge-poslink-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else { return "/tmp" }
        return String(cString: path)
    }
}

/// A 24-digit Alipay+-shaped code whose last two digits pick the simulator's scenario
/// ("00" pays, "01" waits for the password then pays, "03" never settles, "11" is declined).
func code(_ suffix: String = "00") -> String {
    "281001" + (0..<16).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix
}

/// Waits for the source's arming to satisfy `condition`; fails the test after 30 s.
@discardableResult
func waitForArming(_ signal: ArmingSignal, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: @escaping @Sendable (Arming) -> Bool) async -> Arming? {
    let result = await withTaskGroup(of: Arming?.self) { group in
        group.addTask {
            for await arming in signal.changes() where condition(arming) { return arming }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(30))
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
    #expect(result != nil, "arming never matched; it is \(signal.current)", sourceLocation: sourceLocation)
    return result
}

