import Antom
import PaymentModel
import AntomSimulator
import Testing

extension SimulatorHarness {
    /// Starts a simulator and a pre-warmed client, runs `body`, stops the simulator whatever happens.
    static func with(passwordInquiries: Int = 2, slowResponseDelay: Duration = .seconds(2), payTimeout: Duration = .seconds(5),
                     clientKey: RSAPrivateKey? = nil, acquirerKey: RSAPublicKey? = nil,
                     _ body: (SimulatorHarness) async throws -> Void) async throws {
        let harness = try await start(passwordInquiries: passwordInquiries, slowResponseDelay: slowResponseDelay,
                                      payTimeout: payTimeout, clientKey: clientKey, acquirerKey: acquirerKey)
        #expect(await harness.client.start() == nil, "pre-warm reaches the simulator")
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    func ledger() async -> LedgerSnapshot { await simulator.ledger.snapshot() }
}
