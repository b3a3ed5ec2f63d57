import Money

enum AmountCheck {
    /// The fixed amount must be positive and fit the currency's minor units (no 12.505 SGD).
    static func problem(amount: String, currency: String) -> String? {
        guard let currency = try? Currency(code: currency) else { return nil }
        do {
            let money = try Money(parsing: amount, currency: currency)
            return money.minorUnits > 0 ? nil : "must be more than zero"
        } catch {
            return "\"\(amount)\" is not an amount in \(currency.code): \(error)"
        }
    }
}
