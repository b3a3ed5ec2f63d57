import Money

/// One thing wrong with a source's settings, named by its configuration key so the technician
/// console can point at it: `fixed.amount: malformed amount "2,50" …`.
public struct SettingsProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public let key: String
    public let message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}

/// Every problem found in a source's settings at once, so they can all be fixed in one go.
public struct InvalidSettings: Error, Hashable, Sendable, CustomStringConvertible {
    public let problems: [SettingsProblem]

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

/// Collects problems while settings are turned into the values a source runs with.
struct SettingsCheck {
    private(set) var problems: [SettingsProblem] = []

    mutating func fail(_ key: String, _ message: String) {
        problems.append(SettingsProblem(key: key, message))
    }

    mutating func currency(_ code: String, key: String) -> Currency? {
        do {
            return try Currency(code: code)
        } catch {
            fail(key, "\(error)")
            return nil
        }
    }

    /// A positive decimal amount in major units ("2.50").
    mutating func amount(_ text: String, currency: Currency?, key: String) -> Money? {
        guard let currency else { return nil }
        do {
            let money = try Money(parsing: text, currency: currency)
            guard money.minorUnits > 0 else {
                fail(key, "must be more than zero")
                return nil
            }
            return money
        } catch {
            fail(key, "\(error)")
            return nil
        }
    }

    mutating func positive(_ duration: Duration, key: String) {
        if duration <= .zero { fail(key, "must be longer than zero") }
    }

    mutating func reference(prefix: String, key: String) {
        if prefix.isEmpty || prefix.utf8.count > 16 || !prefix.utf8.allSatisfy(OrderReference.isAllowed) {
            fail(key, "must be 1 to 16 letters, digits, '-', '_' or '.'")
        }
    }

    func finish() throws(InvalidSettings) {
        if !problems.isEmpty { throw InvalidSettings(problems: problems) }
    }
}
