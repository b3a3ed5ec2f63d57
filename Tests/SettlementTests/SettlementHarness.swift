import POSIX
import Antom
import PaymentModel
import AntomSimulator
import Glibc
import Journal
import Logging
import Settlement
import Synchronization
import TestSupport


/// The engine against the real simulator over loopback HTTP, with a journal in a temp directory.
struct SettlementHarness {
    let simulator: AntomSimulator?
    let port: UInt16
    let journal: Journal
    let engine: SettlementEngine
    let clock: ManualClock
    let events: EventRecorder
    let directory: String

    static let merchant = TestMerchant.profile()

    /// - Parameter port: 0 starts the simulator on an ephemeral port; a given port with
    ///   `startSimulator: false` leaves the acquirer unreachable there (the link is down).
    static func make(policy: SettlementPolicy = SettlementPolicy(), passwordInquiries: Int = 2, port: UInt16 = 0,
                     startSimulator: Bool = true, directory: String? = nil, clock: ManualClock = ManualClock(),
                     journalMaxBytes: Int64? = nil,
                     payObserver: (@Sendable (_ code: String, _ receivedAtMicros: Int64) -> Void)? = nil) async throws -> SettlementHarness {
        let box = try Keys.box.get()
        let acquirerKey = try Keys.acquirer.get()
        var simulator: AntomSimulator?
        var port = port
        if startSimulator {
            let sim = try AntomSimulator(configuration: SimulatorConfiguration(
                signingKey: acquirerKey, boxPublicKey: try box.publicKey(), passwordInquiries: passwordInquiries,
                slowResponseDelay: .seconds(2)), port: port, payObserver: payObserver)
            port = try await sim.start()
            simulator = sim
        }
        let client = try AntomClient(
            configuration: AntomConfiguration(
                transport: TransportConfiguration(baseURL: "http://127.0.0.1:\(port)", connectTimeout: .seconds(1)),
                clientID: "SANDBOX_TEST", merchant: merchant, payTimeout: .seconds(5), callTimeout: .seconds(5)),
            privateKey: box, acquirerPublicKey: try acquirerKey.publicKey(),
            logger: Logger(label: "test.acquirer", factory: { _ in SwiftLogNoOpLogHandler() }))
        let directory = directory ?? makeDirectory()
        let journal = try Journal(path: directory + "/journal.sqlite", maxBytes: journalMaxBytes)
        let events = EventRecorder()
        let engine = SettlementEngine(
            journal: journal, acquirer: client, policy: policy, clock: clock, requestIDPrefix: "BOX-7",
            logger: Logger(label: "test.settlement", factory: { _ in SwiftLogNoOpLogHandler() }), events: events.append)
        return SettlementHarness(simulator: simulator, port: port, journal: journal, engine: engine, clock: clock, events: events, directory: directory)
    }

    /// Opens an order and pays it with `code`.
    @discardableResult
    func pay(_ code: String, order: String = "ORD-1", amount: Int64 = 1234) async throws -> Attempt? {
        try await journal.open(Order(reference: order, amountMinor: amount, currency: "USD", source: "test", createdAt: clock.now()))
        return await engine.submit(code: code, masked: String(code.prefix(6)) + "…", orderReference: order)
    }

    /// Moves time on and runs what fell due, `times` times.
    func tick(_ step: Duration = .seconds(3), times: Int = 1) async {
        for _ in 0..<times {
            clock.advance(step)
            await engine.runDue()
        }
    }

    func ledger() async -> LedgerSnapshot? { await simulator?.ledger.snapshot() }

    func stop() async { await simulator?.stop() }

    func remove() {
        for suffix in ["", "-wal", "-shm"] { unlink(directory + "/journal.sqlite" + suffix) }
        rmdir(directory)
    }

    static func makeDirectory() -> String {
        var template = Array("/tmp/scanbridge-settlement-XXXXXX".utf8CString)
        return String(cString: mkdtemp(&template)!)
    }
}

/// A 24-digit Alipay+-shaped code whose last two digits pick the simulator's scenario.
func code(_ suffix: String = "00") -> String {
    "281001" + (0..<16).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix
}

/// A loopback port held bound but never listening: a connect is refused at once, and no other
/// test's server can be handed the number while this one needs it unreachable (a port that was
/// merely free a moment ago once became another test's simulator, which then paid the "offline" code).
final class ReservedPort: @unchecked Sendable {
    let port: UInt16
    private var fd: Int32

    /// A fresh ephemeral port, or `port` itself once its server has stopped.
    init(_ port: UInt16 = 0) throws {
        let fd: FileDescriptor
        do {
            fd = try TCP.listen(port: port, listening: false)
        } catch {
            throw ReservationFailed(port: port, reason: error)
        }
        self.port = TCP.boundPort(fd) ?? port
        self.fd = fd.rawValue
    }

    /// Lets a server of the test's own bind the port (the link "comes back").
    func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }

    struct ReservationFailed: Error { let port: UInt16; let reason: SocketError }
}
