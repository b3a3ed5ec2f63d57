/// One configuration key: its name, what it holds, its default and how it is checked. The catalog
/// (`ConfigKey.catalog`) is the single list the file parser, the validator, the console's tab
/// completion and `docs/CONFIGURATION.md` all follow.
public struct ConfigKey: Sendable, Hashable {
    public let name: String
    public let section: Section
    public let type: ValueType
    /// The built-in value, as text in the file format; nil when the key has no default.
    public let defaultValue: String?
    /// One line for `help` and the docs.
    public let summary: String
    /// Never shown: `show config`, `diff`, the audit log and errors print `<redacted>` instead.
    public let isSecret: Bool
    /// True when a change takes effect without restarting the agent.
    public let appliesLive: Bool

    public init(
        _ name: String, _ section: Section, _ type: ValueType, default defaultValue: String? = nil,
        secret: Bool = false, live: Bool = false, _ summary: String
    ) {
        self.name = name
        self.section = section
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
        self.isSecret = secret
        self.appliesLive = live
    }

    public enum Section: String, Sendable, CaseIterable {
        case scanner, acquirer, journal, settlement, board, indicators, console, amount, log, metrics
    }

    /// What is shown for `value` of this key on a screen or in a log.
    public func display(_ value: String) -> String {
        isSecret ? Self.redacted : value
    }

    public static let redacted = "<redacted>"

    public static func == (lhs: ConfigKey, rhs: ConfigKey) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension ConfigKey {
    /// The key called `name`, or nil.
    public static func named(_ name: String) -> ConfigKey? {
        catalogByName[name]
    }

    static let catalogByName: [String: ConfigKey] = Dictionary(catalog.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The known key closest to a misspelt one, for "did you mean …?".
    public static func suggestion(for name: String) -> String? {
        let limit = max(2, name.count / 4)
        // The distance is at least the difference in length: skip keys that cannot be close
        // (same answer, but a long unknown name no longer costs a full table per key).
        let scored = catalog.lazy.filter { abs($0.name.utf8.count - name.utf8.count) <= limit }
            .map { ($0.name, editDistance(name, $0.name)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= limit else { return nil }
        return best
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
