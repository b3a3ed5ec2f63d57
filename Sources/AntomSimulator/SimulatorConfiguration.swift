import Antom
import PaymentModel

/// Keys and knobs of one simulator instance.
public struct SimulatorConfiguration: Sendable {
    /// The simulator's own key: it signs responses, as Antom's key would.
    public var signingKey: RSAPrivateKey
    /// The box's public key: request signatures must verify with it.
    public var boxPublicKey: RSAPublicKey
    public var pathPrefix: String
    /// Inquiries it takes before a password scenario reaches its final state.
    public var passwordInquiries: Int
    public var slowResponseDelay: Duration
    /// Currencies the simulated contract accepts; others get CURRENCY_NOT_SUPPORT.
    public var supportedCurrencies: Set<String>
    /// `pspCustomerInfo.pspName` of the wallet that pays (the demo's is ALIPAYCN, so the box says
    /// "via Alipay").
    public var walletName = "SIMWALLET"

    public init(signingKey: RSAPrivateKey, boxPublicKey: RSAPublicKey, pathPrefix: String = Endpoint.defaultPrefix,
                passwordInquiries: Int = 2, slowResponseDelay: Duration = .seconds(2),
                supportedCurrencies: Set<String> = ["USD", "EUR", "GBP", "JPY", "KRW", "SGD", "HKD", "CNY", "IDR", "KWD", "THB", "MYR", "PHP"]) {
        self.signingKey = signingKey
        self.boxPublicKey = boxPublicKey
        self.pathPrefix = pathPrefix
        self.passwordInquiries = passwordInquiries
        self.slowResponseDelay = slowResponseDelay
        self.supportedCurrencies = supportedCurrencies
    }
}
