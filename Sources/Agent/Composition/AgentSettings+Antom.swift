import Antom
import Configuration

// The one place configuration becomes Antom's: below `Agent`, nothing imports Antom.

extension AgentSettings.Acquirer {
    /// The client configuration, or nil while an id the acquirer needs is missing.
    public func antomConfiguration() -> AntomConfiguration? {
        guard let clientID, let merchantID, let merchantName, let merchantMCC, let storeID, let storeName, let terminalID else {
            return nil
        }
        let merchant = MerchantProfile(
            referenceMerchantId: merchantID, merchantName: merchantName, merchantMCC: merchantMCC, referenceStoreId: storeID,
            storeName: storeName, storeMCC: storeMCC ?? merchantMCC, storeTerminalId: terminalID, settlementCurrency: settlementCurrency)
        return AntomConfiguration(
            transport: TransportConfiguration(baseURL: baseURL, caFile: caFile, pinnedPublicKey: pinnedPublicKey, connectTimeout: connectTimeout),
            clientID: clientID, keyVersion: keyVersion, merchant: merchant, payTimeout: payTimeout, callTimeout: callTimeout)
    }
}
