import Money

/// The journal keeps an amount as minor units and an ISO 4217 code (what SQLite stores and the
/// wire sends); callers want `Money`. Read here, once, instead of re-parsing the code at each use.
/// Nil only for a row whose currency the box does not know (written by a newer version).
extension Attempt {
    public var amount: Money? { Self.money(amountMinor, currency) }

    static func money(_ minor: Int64, _ code: String) -> Money? {
        guard let currency = try? Currency(code: code) else { return nil }
        return try? Money(minorUnits: minor, currency: currency)
    }
}

extension Order {
    public var amount: Money? { Attempt.money(amountMinor, currency) }
}

extension Refund {
    public var amount: Money? { Attempt.money(amountMinor, currency) }
}
