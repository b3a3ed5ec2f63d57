/// An ISO-4217 currency the agent knows how to count in.
///
/// The exponent says how many minor units make one major unit (10^exponent). It comes from the
/// table in `CurrencyTable.swift`, never from the caller, so an amount cannot be sent 100 times too
/// large or too small because somebody guessed the exponent.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// Three upper-case letters, e.g. "USD".
    public let code: String
    /// Digits after the decimal point: 0 for JPY, 2 for USD, 3 for KWD.
    public let exponent: Int

    /// Looks the code up in the ISO-4217 table.
    /// - Throws: `MoneyError.unknownCurrency` when the code is not an active ISO-4217 code.
    public init(code: String) throws(MoneyError) {
        guard let exponent = CurrencyTable.exponent(of: code) else {
            throw .unknownCurrency(code)
        }
        self.code = code
        self.exponent = exponent
    }

    /// Minor units in one major unit.
    public var minorUnitsPerMajor: Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    public var description: String { code }
}
