/// The currencies a pack names. An amount in any other currency is said as a number alone (with
/// "point" and its decimals): the cashier knows the currency, and a wrong unit is worse than none.
enum CurrencyUnits {
    static let codes = ["CNY", "HKD", "SGD", "MYR", "THB", "IDR", "PHP", "USD", "EUR", "GBP", "JPY", "KRW", "VND"]

    /// The major unit's clip, e.g. `u.SGD` ("dollars", 新加坡元, ringgit …).
    static func major(_ code: String) -> String? { codes.contains(code) ? "u.\(code)" : nil }
    /// The singular where a language has one (English: "one dollar").
    static func majorOne(_ code: String) -> String? { codes.contains(code) ? "u.\(code).one" : nil }
    /// The minor unit ("cents", sen, สตางค์), for the languages that say one.
    static func minor(_ code: String) -> String? { codes.contains(code) ? "u.\(code).minor" : nil }
    static func minorOne(_ code: String) -> String? { codes.contains(code) ? "u.\(code).minor.one" : nil }
}
