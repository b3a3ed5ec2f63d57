import PaymentModel
/// Body of `POST /ams/api/v1/payments/pay` for user-presented mode (the box scans the code).
/// Field names and fixed values follow docs/ACQUIRER.md; every scalar is a JSON string.
public struct PayRequest: Codable, Equatable, Sendable {
    public var productCode: String = "IN_STORE_PAYMENT"
    public var paymentRequestId: String
    public var paymentAmount: WireAmount
    public var paymentMethod: PaymentMethod
    public var paymentFactor: PaymentFactor = PaymentFactor()
    public var order: Order
    public var settlementStrategy: SettlementStrategy?
    public var paymentNotifyUrl: String?

    public init(paymentRequestId: String, paymentAmount: WireAmount, paymentMethod: PaymentMethod, order: Order,
                settlementStrategy: SettlementStrategy? = nil, paymentNotifyUrl: String? = nil) {
        self.paymentRequestId = paymentRequestId
        self.paymentAmount = paymentAmount
        self.paymentMethod = paymentMethod
        self.order = order
        self.settlementStrategy = settlementStrategy
        self.paymentNotifyUrl = paymentNotifyUrl
    }

    public struct PaymentMethod: Codable, Equatable, Sendable {
        public var paymentMethodType: String = "CONNECT_WALLET"
        /// The scanned code, unmodified.
        public var paymentMethodId: String

        public init(paymentMethodId: String) { self.paymentMethodId = paymentMethodId }
    }

    public struct PaymentFactor: Codable, Equatable, Sendable {
        /// Exact case: the Java SDK's "PAYMENTCODE" is a known serialization bug.
        public var inStorePaymentScenario: String = "PaymentCode"

        public init() {}
    }

    public struct SettlementStrategy: Codable, Equatable, Sendable {
        public var settlementCurrency: String

        public init(settlementCurrency: String) { self.settlementCurrency = settlementCurrency }
    }

    public struct Order: Codable, Equatable, Sendable {
        public var referenceOrderId: String
        public var orderDescription: String
        public var orderAmount: WireAmount
        public var merchant: Merchant
        public var env: Env

        public init(referenceOrderId: String, orderDescription: String, orderAmount: WireAmount, merchant: Merchant, env: Env) {
            self.referenceOrderId = referenceOrderId
            self.orderDescription = orderDescription
            self.orderAmount = orderAmount
            self.merchant = merchant
            self.env = env
        }
    }

    public struct Merchant: Codable, Equatable, Sendable {
        public var referenceMerchantId: String
        public var merchantMCC: String
        public var merchantName: String
        public var store: Store

        public init(referenceMerchantId: String, merchantMCC: String, merchantName: String, store: Store) {
            self.referenceMerchantId = referenceMerchantId
            self.merchantMCC = merchantMCC
            self.merchantName = merchantName
            self.store = store
        }
    }

    public struct Store: Codable, Equatable, Sendable {
        public var referenceStoreId: String
        public var storeName: String
        public var storeMCC: String

        public init(referenceStoreId: String, storeName: String, storeMCC: String) {
            self.referenceStoreId = referenceStoreId
            self.storeName = storeName
            self.storeMCC = storeMCC
        }
    }

    public struct Env: Codable, Equatable, Sendable {
        public var storeTerminalId: String
        /// ISO-8601 with offset, e.g. `2020-06-11T13:35:02+08:00`.
        public var storeTerminalRequestTime: String

        public init(storeTerminalId: String, storeTerminalRequestTime: String) {
            self.storeTerminalId = storeTerminalId
            self.storeTerminalRequestTime = storeTerminalRequestTime
        }
    }
}

/// Response to pay. Only the fields the agent reads; unknown fields are ignored.
public struct PayResponse: Codable, Equatable, Sendable {
    public var result: WireResult
    public var paymentRequestId: String?
    public var paymentId: String?
    public var paymentAmount: WireAmount?
    public var paymentCreateTime: String?
    public var paymentTime: String?
    public var pspCustomerInfo: PSPCustomerInfo?
    public var actualPaymentAmount: WireAmount?
    public var paymentQuote: WireQuote?

    public init(result: WireResult, paymentRequestId: String? = nil, paymentId: String? = nil, paymentAmount: WireAmount? = nil,
                paymentCreateTime: String? = nil, paymentTime: String? = nil, pspCustomerInfo: PSPCustomerInfo? = nil,
                actualPaymentAmount: WireAmount? = nil, paymentQuote: WireQuote? = nil) {
        self.actualPaymentAmount = actualPaymentAmount
        self.paymentQuote = paymentQuote
        self.result = result
        self.paymentRequestId = paymentRequestId
        self.paymentId = paymentId
        self.paymentAmount = paymentAmount
        self.paymentCreateTime = paymentCreateTime
        self.paymentTime = paymentTime
        self.pspCustomerInfo = pspCustomerInfo
    }
}

public struct PSPCustomerInfo: Codable, Equatable, Sendable {
    public var pspName: String?
    public var displayCustomerId: String?

    public init(pspName: String? = nil, displayCustomerId: String? = nil) {
        self.pspName = pspName
        self.displayCustomerId = displayCustomerId
    }
}

/// `paymentQuote` / `settlementQuote`: the rate between the order's and the wallet's currency.
public struct WireQuote: Codable, Equatable, Sendable {
    public var quoteCurrencyPair: String?
    public var quotePrice: String?

    public init(quoteCurrencyPair: String? = nil, quotePrice: String? = nil) {
        self.quoteCurrencyPair = quoteCurrencyPair
        self.quotePrice = quotePrice
    }

    /// `USD/CNY 7.1234`, or nil when the acquirer gave no pair.
    public var text: String? {
        guard let pair = quoteCurrencyPair, !pair.isEmpty else { return nil }
        return quotePrice.map { "\(pair) \($0)" } ?? pair
    }
}
