import Agent
import Antom
import Configuration
import Testing

/// The composition root is the one place settings become Antom's configuration.
@Suite struct AgentSettingsAntomTests {
    @Test func settingsBecomeTheAntomConfiguration() throws {
        let file = ConfigurationLayer(.file, origin: "t", values: [
            "acquirer.client-id": "C1", "acquirer.merchant-id": "M1", "acquirer.merchant-name": "Shop", "acquirer.merchant-mcc": "5812",
            "acquirer.store-id": "S1", "acquirer.store-name": "Store", "acquirer.terminal-id": "T1",
            "acquirer.settlement-currency": "SGD",
        ])
        let settings = try AgentSettings.build(LayeredConfiguration(file: file))
        let client = try #require(settings.acquirer.antomConfiguration())
        #expect(client.merchant.storeTerminalId == "T1")
        #expect(client.merchant.storeMCC == "5812")  // the merchant's MCC when the store has none
        #expect(client.merchant.settlementCurrency?.code == "SGD")
        #expect(client.clientID == "C1")
    }

    @Test func aMissingIdLeavesTheAcquirerUnconfigured() throws {
        let file = ConfigurationLayer(.file, origin: "t", values: ["acquirer.client-id": "C1", "acquirer.merchant-id": "M1"])
        let settings = try AgentSettings.build(LayeredConfiguration(file: file))
        #expect(settings.acquirer.antomConfiguration() == nil)
    }
}
