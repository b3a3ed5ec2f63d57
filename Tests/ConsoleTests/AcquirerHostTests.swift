import Antom
import AntomSimulator
import Configuration
import Dispatch
import Console
import FoundationEssentials
import Glibc
import Indicators
import Journal
import Logging
import Money
import Settlement
import Testing

/// The host's acquirer commands against the in-process Antom simulator over HTTP: self-test,
/// refund and cancel of a real payment.
@Suite("Console host and the acquirer")
struct AcquirerHostTests {
    /// RSA key generation takes a CPU for up to a second or more: done on a dispatch queue so the
    /// (two) cooperative threads stay free for the tests running beside this one.
    static func generateKey() async throws -> RSAPrivateKey {
        let result: Result<RSAPrivateKey, SigningError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(SigningError) in try KeyGenerator.generate() })
            }
        }
        return try result.get()
    }

    @Test("test acquirer passes against the simulator; a paid payment can be refunded and cancelled; the code never shows")
    func selfTestRefundCancel() async throws {
        let box = try await Self.generateKey()
        let acquirerKey = try await Self.generateKey()
        let simulator = try AntomSimulator(configuration: SimulatorConfiguration(signingKey: acquirerKey, boxPublicKey: try box.publicKey()))
        let port = try await simulator.start()
        var template = Array("/tmp/scanbridge-acq-XXXXXX".utf8CString)
        let directory = String(cString: mkdtemp(&template)!)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let file = ConfigurationLayer(.file, origin: "t", values: [
            "acquirer.base-url": "http://127.0.0.1:\(port)", "acquirer.client-id": "SANDBOX_TEST", "acquirer.merchant-id": "M1",
            "acquirer.merchant-name": "Shop", "acquirer.merchant-mcc": "5812", "acquirer.store-id": "S1", "acquirer.store-name": "Store",
            "acquirer.terminal-id": "T1",
        ])
        let store = try ConfigurationStore(configuration: LayeredConfiguration(file: file), consoleLayerPath: directory + "/console.conf")
        let configuration = try #require(store.settings.acquirer.antomConfiguration())
        let client = try AntomClient(configuration: configuration, privateKey: box, acquirerPublicKey: try acquirerKey.publicKey(),
                                     logger: Logger(label: "test.acquirer"))
        let journal = try Journal(path: directory + "/journal.db")
        let engine = SettlementEngine(journal: journal, acquirer: client, policy: store.settings.settlementPolicy(),
                                      requestIDPrefix: "T1", logger: Logger(label: "test.settlement"), events: { _ in })
        let driver = IndicatorDriver(backend: SimulatedBackend(), logger: Logger(label: "test.indicators"))
        let host = AgentConsoleHost(journal: journal, store: store, indicators: .init(driver), acquirer: client, antom: client,
                                    engine: engine, version: "test", onRestart: {})

        let steps = await host.acquirerSelfTest()
        #expect(steps.map(\.name) == ["connect + TLS", "signed call", "clock"])
        #expect(steps.allSatisfy { $0.ok }, "\(steps)")
        #expect(abs(client.observedClockSkew?.components.seconds ?? 99) <= 2)
        #expect(await host.status().clockSkew != nil)

        let code = "281001" + "1234567890123456" + "00"
        try await journal.open(Order(reference: "R1", amountMinor: 1000, currency: "USD", source: "console", createdAt: 1))
        let paid = try #require(await engine.submit(code: code, masked: PaymentCodeMask.mask(code), orderReference: "R1"))
        #expect(paid.state == .succeeded)

        let tooMuch = await host.refundPayment(paid.id, amount: "10.01")
        #expect(throws: ConsoleHostError.self) { try tooMuch.get() }
        let refund = try await host.refundPayment(paid.id, amount: "2.50").get()
        #expect(refund.contains("refunded 2.50 USD"))
        let cancel = await host.cancelPayment(paid.id)
        #expect(try cancel.get() == "payment \(paid.id) cancelled at the acquirer")

        let detail = try await host.queueItem(paid.id).get().joined(separator: "\n")
        #expect(detail.contains("succeeded"))
        #expect(!detail.contains(code))
        await simulator.stop()
    }
}
