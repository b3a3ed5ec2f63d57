import Antom

/// The merchant, store and terminal the engine-level tests pay as.
public enum TestMerchant {
    public static func profile(merchantID: String = "M-1") -> MerchantProfile {
        MerchantProfile(referenceMerchantId: merchantID, merchantName: "Test Noodles", merchantMCC: "5812", referenceStoreId: "S-1",
                        storeName: "Test Noodles Ginza", storeMCC: "5812", storeTerminalId: "BOX-7")
    }
}
