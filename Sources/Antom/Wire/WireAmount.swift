import PaymentModel
import Money

/// `{"currency":"USD","value":"1234"}`: minor units as a decimal string, as Antom requires.
public struct WireAmount: Codable, Equatable, Hashable, Sendable {
    public var currency: String
    public var value: String

    public init(currency: String, value: String) {
        self.currency = currency
        self.value = value
    }

    public init(_ money: Money) {
        self.init(currency: money.currency.code, value: money.minorUnitsString)
    }

    /// Back to a typed amount; nil for an unknown currency or a value that is not minor units.
    public var money: Money? {
        guard let currency = try? Currency(code: currency) else { return nil }
        return try? Money(minorUnitsText: value, currency: currency)
    }
}

/// `result` of every Antom response. It describes the API call: for pay S = paid, F = failed,
/// U = unknown; for inquiry it only says whether the query itself worked.
public struct WireResult: Codable, Equatable, Sendable {
    public var resultCode: String
    public var resultStatus: String
    public var resultMessage: String?

    public init(resultCode: String, resultStatus: String, resultMessage: String? = nil) {
        self.resultCode = resultCode
        self.resultStatus = resultStatus
        self.resultMessage = resultMessage
    }
}

/// Just the envelope, for reading `result` out of a response whose other fields are not trusted
/// or not understood.
public struct WireEnvelope: Codable, Sendable {
    public var result: WireResult

    public init(result: WireResult) { self.result = result }
}
