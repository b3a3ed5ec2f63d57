/// An amount of money: an integer count of minor units plus its currency.
///
/// No floating point anywhere: parsing and printing work on the decimal digits, so "0.10" USD is
/// exactly 10 cents and prints back as "0.10".
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// Count of minor units (cents for USD, yen for JPY, fils for KWD). Never negative.
    public let minorUnits: Int64
    public let currency: Currency

    /// - Throws: `MoneyError.negative` for a negative count.
    public init(minorUnits: Int64, currency: Currency) throws(MoneyError) {
        guard minorUnits >= 0 else { throw .negative(minorUnits) }
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a major-unit decimal such as "12.34" or "1234" (= 1234.00).
    ///
    /// Accepts ASCII digits with at most one "." and at most `currency.exponent` decimals; no sign,
    /// no grouping separators, no exponent, no surrounding spaces. "12." and ".5" are refused
    /// because a truncated entry is more likely than a deliberate one.
    public init(parsing text: String, currency: Currency) throws(MoneyError) {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isDigit) }) else {
            throw .malformedAmount(text)
        }
        let fraction = parts.count == 2 ? Array(parts[1]) : []
        guard fraction.count <= currency.exponent else {
            throw .tooManyFractionDigits(text, currency: currency.code, allowed: currency.exponent)
        }
        let padded = Array(parts[0]) + fraction + Array(repeating: UInt8(ascii: "0"), count: currency.exponent - fraction.count)
        var value: Int64 = 0
        for digit in padded {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw .overflow(text) }
            value = sum
        }
        self.minorUnits = value
        self.currency = currency
    }

    /// Parses a string of minor units, the form Antom puts on the wire ("1234" USD = 12.34).
    public init(minorUnitsText text: String, currency: Currency) throws(MoneyError) {
        guard !text.isEmpty, text.utf8.allSatisfy(Self.isDigit) else { throw .malformedAmount(text) }
        guard let value = Int64(text) else { throw .overflow(text) }
        self.minorUnits = value
        self.currency = currency
    }

    /// The amount in major units with exactly `currency.exponent` decimals: "12.34", "1000", "1.500".
    public var decimalString: String {
        let digits = String(minorUnits)
        let exponent = currency.exponent
        guard exponent > 0 else { return digits }
        let padded = String(repeating: "0", count: max(0, exponent + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -exponent)
        return padded[..<split] + "." + padded[split...]
    }

    /// The minor-unit count as decimal digits: "1234".
    public var minorUnitsString: String { String(minorUnits) }

    /// "12.34 USD".
    public var description: String { "\(decimalString) \(currency.code)" }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

extension Money: Comparable {
    /// Orders amounts of the same currency; amounts in different currencies order by code first
    /// so sorting never traps, but callers compare like with like.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.currency.code == rhs.currency.code ? lhs.minorUnits < rhs.minorUnits : lhs.currency.code < rhs.currency.code
    }
}
