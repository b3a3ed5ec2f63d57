import Money
import Testing

@Suite("Money: ISO-4217 amounts without floating point")
struct MoneyTests {
    @Test("exponents come from the ISO table", arguments: [
        ("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("VND", 0), ("CLP", 0), ("ISK", 0),
        ("IDR", 2), ("KWD", 3), ("BHD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3), ("IQD", 3), ("LYD", 3), ("CLF", 4),
    ])
    func exponent(code: String, exponent: Int) throws {
        #expect(try Currency(code: code).exponent == exponent)
    }

    @Test("unknown or badly written codes are refused with a typed error", arguments: ["XYZ", "usd", "US", "USDX", "", "EU1"])
    func unknownCurrency(code: String) {
        #expect(throws: MoneyError.unknownCurrency(code)) { try Currency(code: code) }
    }

    @Test("parsing major-unit text", arguments: [
        ("12.34", "USD", Int64(1234)), ("1234", "USD", 123_400), ("0.10", "USD", 10), ("0.1", "USD", 10),
        ("0", "USD", 0), ("1000", "JPY", 1000), ("1.500", "KWD", 1500), ("1.5", "KWD", 1500),
        ("0.001", "BHD", 1), ("007.05", "EUR", 705), ("92233720368547758.07", "USD", Int64.max),
    ])
    func parse(text: String, code: String, minor: Int64) throws {
        let money = try Money(parsing: text, currency: Currency(code: code))
        #expect(money.minorUnits == minor)
    }

    @Test("printing with exactly the currency's decimals", arguments: [
        (Int64(1234), "USD", "12.34"), (5, "USD", "0.05"), (0, "USD", "0.00"), (100, "USD", "1.00"),
        (1000, "JPY", "1000"), (1, "KWD", "0.001"), (1500, "KWD", "1.500"), (123_456_789, "EUR", "1234567.89"),
    ])
    func print(minor: Int64, code: String, text: String) throws {
        let money = try Money(minorUnits: minor, currency: Currency(code: code))
        #expect(money.decimalString == text)
        #expect(money.minorUnitsString == String(minor))
        #expect(try Money(parsing: text, currency: money.currency) == money)
    }

    @Test("malformed text is refused", arguments: ["", "12.", ".5", "1,00", "-1", "+1", "1e3", " 1", "1 ", "1.2.3", "abc", "１２"])
    func malformed(text: String) throws {
        let usd = try Currency(code: "USD")
        #expect(throws: MoneyError.malformedAmount(text)) { try Money(parsing: text, currency: usd) }
    }

    @Test func tooManyDecimalsIsRefused() throws {
        #expect(throws: MoneyError.tooManyFractionDigits("1.5", currency: "JPY", allowed: 0)) {
            try Money(parsing: "1.5", currency: Currency(code: "JPY"))
        }
        #expect(throws: MoneyError.tooManyFractionDigits("1.234", currency: "USD", allowed: 2)) {
            try Money(parsing: "1.234", currency: Currency(code: "USD"))
        }
    }

    @Test func overflowIsRefused() throws {
        let usd = try Currency(code: "USD")
        #expect(throws: MoneyError.overflow("92233720368547758.08")) { try Money(parsing: "92233720368547758.08", currency: usd) }
        #expect(throws: MoneyError.overflow("99999999999999999999")) { try Money(minorUnitsText: "99999999999999999999", currency: usd) }
    }

    @Test func negativeMinorUnitsAreRefused() throws {
        #expect(throws: MoneyError.negative(-1)) { try Money(minorUnits: -1, currency: Currency(code: "USD")) }
    }

    @Test func wireFormIsMinorUnits() throws {
        let jpy = try Money(parsing: "1", currency: Currency(code: "JPY"))
        let usd = try Money(parsing: "1.00", currency: Currency(code: "USD"))
        #expect(jpy.minorUnitsString == "1")
        #expect(usd.minorUnitsString == "100")
        #expect(try Money(minorUnitsText: "1234", currency: Currency(code: "USD")).description == "12.34 USD")
    }
}
