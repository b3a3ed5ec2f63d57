import Money

/// `amount-source = fixed`: every accepted code pays the same price (vending, parking, a
/// car wash). Amounts are decimal text in major units, as a technician types them.
public struct FixedSourceSettings: Hashable, Sendable {
    /// The price, e.g. "2.50" (USD), "300" (JPY), "1.250" (KWD).
    public var amount: String
    /// ISO-4217 code, e.g. "USD".
    public var currency: String
    /// Sent to the acquirer and kept in the journal, e.g. "Car park exit".
    public var description: String
    /// Most this box may take in a day (paid or still being settled), or nil for no cap.
    public var dailyCap: String?
    /// Offset of the box's local time from UTC, in minutes: where "a day" starts for the cap.
    public var utcOffsetMinutes: Int
    /// Starts every order reference the box makes up.
    public var referencePrefix: String

    public init(amount: String, currency: String, description: String = "", dailyCap: String? = nil,
                utcOffsetMinutes: Int = 0, referencePrefix: String = "FX") {
        self.amount = amount
        self.currency = currency
        self.description = description
        self.dailyCap = dailyCap
        self.utcOffsetMinutes = utcOffsetMinutes
        self.referencePrefix = referencePrefix
    }

    /// A price the configuration has already typed (`amount.fixed`). It is kept in the text
    /// fields, which give it back exactly: Money's decimal string parses to the same Money.
    public init(price: Money, description: String = "", dailyCap: Money? = nil, utcOffsetMinutes: Int = 0, referencePrefix: String = "FX") {
        self.init(amount: price.decimalString, currency: price.currency.code, description: description,
                  dailyCap: dailyCap?.decimalString, utcOffsetMinutes: utcOffsetMinutes, referencePrefix: referencePrefix)
    }

    /// Every problem with these settings; empty when they are usable.
    public func validate() -> [SettingsProblem] {
        var check = SettingsCheck()
        _ = resolve(&check)
        return check.problems
    }

    struct Resolved {
        let price: Money
        let cap: Money?
    }

    func resolve(_ check: inout SettingsCheck) -> Resolved? {
        let currency = check.currency(currency, key: "fixed.currency")
        let price = check.amount(amount, currency: currency, key: "fixed.amount")
        let cap = dailyCap.flatMap { check.amount($0, currency: currency, key: "fixed.daily-cap") }
        if let price, let cap, cap < price { check.fail("fixed.daily-cap", "is less than one payment of \(price)") }
        if abs(utcOffsetMinutes) > 14 * 60 { check.fail("fixed.utc-offset", "must be within ±14 hours") }
        check.reference(prefix: referencePrefix, key: "fixed.reference-prefix")
        guard check.problems.isEmpty, let price else { return nil }
        return Resolved(price: price, cap: cap)
    }
}
