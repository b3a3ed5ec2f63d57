import PaymentModel
import Money

/// Everything the client needs besides keys.
public struct AntomConfiguration: Sendable {
    public var transport: TransportConfiguration
    public var clientID: String
    public var keyVersion: String
    /// `/ams/api` for production and, for in-store payments, for sandbox too.
    public var pathPrefix: String
    public var merchant: MerchantProfile
    /// Best practice: if pay gives nothing within 5 s, stop waiting and start inquiring.
    public var payTimeout: Duration
    /// inquiryPayment, cancel and refund.
    public var callTimeout: Duration

    public init(transport: TransportConfiguration, clientID: String, keyVersion: String = "1",
                pathPrefix: String = Endpoint.defaultPrefix, merchant: MerchantProfile,
                payTimeout: Duration = .seconds(5), callTimeout: Duration = .seconds(5)) {
        self.transport = transport
        self.clientID = clientID
        self.keyVersion = keyVersion
        self.pathPrefix = pathPrefix
        self.merchant = merchant
        self.payTimeout = payTimeout
        self.callTimeout = callTimeout
    }
}

/// The merchant, store and terminal this box is, as registered with the acquirer.
public struct MerchantProfile: Sendable {
    public var referenceMerchantId: String
    public var merchantName: String
    public var merchantMCC: String
    public var referenceStoreId: String
    public var storeName: String
    public var storeMCC: String
    public var storeTerminalId: String
    /// Antom wants it for CONNECT_WALLET when the contract has several settlement currencies.
    public var settlementCurrency: Currency?
    public var paymentNotifyUrl: String?

    public init(referenceMerchantId: String, merchantName: String, merchantMCC: String, referenceStoreId: String,
                storeName: String, storeMCC: String, storeTerminalId: String, settlementCurrency: Currency? = nil,
                paymentNotifyUrl: String? = nil) {
        self.referenceMerchantId = referenceMerchantId
        self.merchantName = merchantName
        self.merchantMCC = merchantMCC
        self.referenceStoreId = referenceStoreId
        self.storeName = storeName
        self.storeMCC = storeMCC
        self.storeTerminalId = storeTerminalId
        self.settlementCurrency = settlementCurrency
        self.paymentNotifyUrl = paymentNotifyUrl
    }
}
