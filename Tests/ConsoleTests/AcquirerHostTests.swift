import Agent
import Antom
import PaymentModel
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

    @Test("test acquirer passes against the simulator; refunds and reversals go through the journal; the code never shows")
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
        let host = AgentConsoleHost(journal: journal, store: store, indicators: .init(driver), acquirer: client, keys: AntomSigningKeys(),
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
        let refunds = try await journal.refunds(attemptId: paid.id)
        #expect(refunds.map(\.state) == [.refunded] && refunds.first?.source == "console" && refunds.first?.amountMinor == 250)
        // Past what is left: 7.50 is; 7.51 is not (the journal's own rule).
        await #expect(throws: ConsoleHostError.self) { try await host.refundPayment(paid.id, amount: "7.51").get() }
        // A payment with a refund cannot also be reversed.
        let refusedReversal = await host.cancelPayment(paid.id)
        #expect(throws: ConsoleHostError.self) { try refusedReversal.get() }
        #expect(try await journal.attempt(paid.id).state == .succeeded)

        let detail = try await host.queueItem(paid.id).get().joined(separator: "\n")
        #expect(detail.contains("succeeded"))
        #expect(detail.contains("payer: wallet SIMWALLET, customer sim***user, charged 71.00 CNY at USD/CNY 7.10000000"), "\(detail)")
        #expect(detail.contains("refund \(refunds[0].refundRequestId): refunded, 2.50 USD by console"), "\(detail)")
        #expect(!detail.contains(code))

        // Another paid payment, reversed in full: final as cancelled in the journal, with who asked.
        try await journal.open(Order(reference: "R2", amountMinor: 400, currency: "USD", source: "console", createdAt: 2))
        let second = try #require(await engine.submit(code: "281001" + "6543210987654321" + "00", masked: "281001…0000", orderReference: "R2"))
        #expect(second.state == .succeeded)
        #expect(try await host.cancelPayment(second.id).get().contains("payment \(second.id) reversed"))
        let reversed = try await journal.attempt(second.id)
        #expect(reversed.state == .cancelled && reversed.reversalSource == "console")
        #expect(await simulator.ledger.snapshot().payments.first { $0.paymentRequestId == second.paymentRequestId }?.status == "CANCELLED")
        await #expect(throws: ConsoleHostError.self) { try await host.refundPayment(second.id, amount: "1.00").get() }

        let report = try await host.report(nil).get()
        #expect(report.contains("  USD SIMWALLET: paid 1 10.00 USD, refunded 1 2.50 USD, reversed 1 4.00 USD, net 7.50 USD"), "\(report)")
        #expect(report.last == "  unfinished 0, needs attention 0")
        await #expect(throws: ConsoleHostError.self) { try await host.report("yesterday").get() }
        await simulator.stop()
    }
}
