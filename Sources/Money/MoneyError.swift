/// Why an amount or a currency was refused. Each case carries the offending text so the message
/// shown at configuration time can point at it.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not an active ISO-4217 code (case matters: "usd" is refused too).
    case unknownCurrency(String)
    /// Not of the form `digits[.digits]`.
    case malformedAmount(String)
    /// More decimals than the currency has, e.g. "1.5" JPY or "1.234" USD.
    case tooManyFractionDigits(String, currency: String, allowed: Int)
    /// Does not fit in 64-bit minor units.
    case overflow(String)
    /// Amounts the agent handles are never negative.
    case negative(Int64)

    public var description: String {
        switch self {
        case .unknownCurrency(let code):
            return "unknown currency code \"\(code)\" (expected an ISO-4217 code such as USD)"
        case .malformedAmount(let text):
            return "malformed amount \"\(text)\" (expected digits with an optional decimal point)"
        case .tooManyFractionDigits(let text, let currency, let allowed):
            return "amount \"\(text)\" has more than \(allowed) decimals, the most \(currency) allows"
        case .overflow(let text):
            return "amount \"\(text)\" is too large"
        case .negative(let minor):
            return "negative amount \(minor)"
        }
    }
}
