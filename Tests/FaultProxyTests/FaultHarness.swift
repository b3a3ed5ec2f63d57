import Antom
import PaymentModel
import AntomSimulator
import FaultAudit
import FaultProxy
import Glibc
import Journal
import Logging
import Settlement
import Synchronization
import Testing
import TestSupport


/// The real settlement engine and journal (temp SQLite), the real simulator, and the fault proxy
/// between them; the engine's time is a `ManualClock`. Only the network's own timeouts are real.
struct FaultHarness {
    let simulator: AntomSimulator
    let proxy: FaultProxy
    let tls: TLSFront?
    let journal: Journal
    let engine: SettlementEngine
    let clock: ManualClock
    let events: EventRecorder
    let directory: String
    let client: AntomClient
    let policy: SettlementPolicy
    private let orders = OrderList()

    static let merchant = TestMerchant.profile()

    /// The production default. Shorter would make the delay-past-timeout test quicker, but a
    /// normal pay on a loaded 2-core box running the whole suite has been seen to take over 2 s.
    static let payTimeout = Duration.seconds(5)

    static func defaultPolicy() -> SettlementPolicy {
        var policy = SettlementPolicy()
        policy.maxInquiries = 3
        return policy
    }

    /// - Parameter tls: put TLS (socat) in front of the proxy presenting this certificate; the
    ///   client trusts only the front's trusted CA.
    static func make(policy: SettlementPolicy = defaultPolicy(), tls: TLSFront.Certificate? = nil) async throws -> FaultHarness {
        let box = try Keys.box.get()
        let acquirerKey = try Keys.acquirer.get()
        let simulator = try AntomSimulator(configuration: SimulatorConfiguration(
            signingKey: acquirerKey, boxPublicKey: try box.publicKey(), passwordInquiries: 2))
        let simulatorPort = try await simulator.start()
        let proxy = try FaultProxy(upstreamPort: simulatorPort)
        proxy.start()
        let directory = makeDirectory()
        var front: TLSFront?
        var transport = TransportConfiguration(baseURL: "http://127.0.0.1:\(proxy.port)", connectTimeout: .seconds(1))
        if let tls {
            let made = try await TLSFront(upstreamPort: proxy.port, directory: directory, presenting: tls)
            transport = TransportConfiguration(baseURL: "https://127.0.0.1:\(made.port)", caFile: made.trustedCAFile, connectTimeout: .seconds(1))
            front = made
        }
        let client = try AntomClient(
            configuration: AntomConfiguration(transport: transport, clientID: "SANDBOX_TEST", merchant: merchant,
                                              payTimeout: payTimeout, callTimeout: .seconds(5)),
            privateKey: box, acquirerPublicKey: try acquirerKey.publicKey(),
            logger: Logger(label: "test.acquirer", factory: { _ in SwiftLogNoOpLogHandler() }))
        let journal = try Journal(path: directory + "/journal.sqlite")
        let clock = ManualClock()
        let events = EventRecorder()
        let engine = SettlementEngine(
            journal: journal, acquirer: client, policy: policy, clock: clock, requestIDPrefix: "BOX-7",
            logger: Logger(label: "test.settlement", factory: { _ in SwiftLogNoOpLogHandler() }), events: events.append)
        return FaultHarness(simulator: simulator, proxy: proxy, tls: front, journal: journal, engine: engine, clock: clock,
                            events: events, directory: directory, client: client, policy: policy)
    }

    /// A new engine over the same journal, as after a restart: nothing of the old one's memory
    /// (what it had in flight) carries over, only the journal.
    func restartedEngine() -> SettlementEngine {
        SettlementEngine(journal: journal, acquirer: client, policy: policy, clock: clock, requestIDPrefix: "BOX-7",
                         logger: Logger(label: "test.settlement", factory: { _ in SwiftLogNoOpLogHandler() }), events: events.append)
    }

    /// Opens an order and pays it with `code`; returns the attempt as it stands after the pay call.
    @discardableResult
    func pay(_ code: String, order: String = "ORD-1", amount: Int64 = 1234) async throws -> Attempt {
        orders.append(order)
        try await journal.open(Order(reference: order, amountMinor: amount, currency: "USD", source: "test", createdAt: clock.now()))
        guard let attempt = await engine.submit(code: code, masked: String(code.prefix(6)) + "…", orderReference: order) else {
            throw Refused(order: order, events: events.kinds)
        }
        return attempt
    }

    /// Moves time on by `step` and runs what fell due, until nothing is unfinished or `limit`
    /// steps have passed. Returns the steps taken.
    @discardableResult
    func settle(step: Duration = .seconds(3), limit: Int = 40) async throws -> Int {
        for taken in 0..<limit {
            if try await journal.unfinished().isEmpty { return taken }
            clock.advance(step)
            await engine.runDue()
        }
        return limit
    }

    /// Every attempt of every order this harness opened or the simulator has heard of.
    func attempts() async throws -> [Attempt] {
        let ledger = await simulator.ledger.snapshot()
        let references = Set(orders.all + ledger.payments.map(\.referenceOrderId)).sorted()
        var all: [Attempt] = []
        for reference in references { all += try await journal.attempts(order: reference) }
        return all
    }

    /// The checks every fault test ends with: every attempt final, journal and ledger agree, and
    /// no success without a verified S. Returns what is wrong (empty: all good).
    func invariantViolations() async throws -> [String] {
        let attempts = try await attempts()
        let ledger = await simulator.ledger.snapshot()
        var problems = attempts.filter { !$0.state.isFinal }.map { "attempt \($0.id) unfinished in \($0.state)" }
        problems += JournalLedgerAgreement.disagreements(attempts: attempts, ledger: ledger)
        problems += try await VerifiedSuccessAudit.violations(events: events.all, journal: journal, proxyLog: proxy.log)
        return problems
    }

    /// `invariantViolations()` as an expectation that lists what is wrong.
    func expectInvariants(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let violations = try await invariantViolations()
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))\nproxy log:\n\(proxy.log.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    func stop() async {
        tls?.stop()
        proxy.stop()
        await simulator.stop()
        for suffix in ["", "-wal", "-shm"] { unlink(directory + "/journal.sqlite" + suffix) }
        for name in ["trusted-ca.pem", "trusted-ca.key", "trusted-ca.srl", "impostor-ca.pem", "impostor-ca.key", "impostor-ca.srl",
                     "leaf.pem", "leaf.key", "leaf.csr", "leaf.ext"] {
            unlink(directory + "/" + name)
        }
        rmdir(directory)
    }

    static func makeDirectory() -> String {
        var template = Array("/tmp/scanbridge-faults-XXXXXX".utf8CString)
        return String(cString: mkdtemp(&template)!)
    }

    struct Refused: Error { let order: String; let events: [PaymentEvent.Kind] }
}

final class OrderList: Sendable {
    private let references = Mutex<[String]>([])
    func append(_ reference: String) { references.withLock { $0.append(reference) } }
    var all: [String] { references.withLock { $0 } }
}

/// A 24-digit Alipay+-shaped code whose last two digits pick the simulator's scenario.
func code(_ suffix: String = "00") -> String {
    "281001" + (0..<16).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix
}
