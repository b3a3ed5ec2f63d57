/// `amount-source = console`: the merchant or technician types `charge AMOUNT [CURRENCY] [REF]`
/// on the console, and the next accepted code pays it.
public struct ConsoleSourceSettings: Hashable, Sendable {
    /// The currency of a `charge` that names none.
    public var defaultCurrency: String
    /// An armed charge that no code has paid within this time is dropped.
    public var armTimeout: Duration
    /// Starts the references the box makes up for a `charge` without REF.
    public var referencePrefix: String

    public init(defaultCurrency: String, armTimeout: Duration = .seconds(180), referencePrefix: String = "CON") {
        self.defaultCurrency = defaultCurrency
        self.armTimeout = armTimeout
        self.referencePrefix = referencePrefix
    }

    public func validate() -> [SettingsProblem] {
        var check = SettingsCheck()
        _ = check.currency(defaultCurrency, key: "console.currency")
        check.positive(armTimeout, key: "console.arm-timeout")
        check.reference(prefix: referencePrefix, key: "console.reference-prefix")
        return check.problems
    }
}
