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
        _ name: KeyName, _ section: Section, _ type: ValueType, default defaultValue: String? = nil,
        secret: Bool = false, live: Bool = false, _ summary: String
    ) {
        self.init(name.rawValue, section, type, default: defaultValue, secret: secret, live: live, summary)
    }

    /// For the keys made from a list (`indicators.pattern.<event>`).
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
        case scanner, acquirer, journal, settlement, board, indicators, console, amount, voice, log, metrics, fleet
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
        let typed = Array(name.utf8)
        let limit = max(2, typed.count / 4)
        var best: (name: String, distance: Int)?
        for (key, bytes) in catalogBytes {
            // Only a strictly closer key can win, so the bound tightens as candidates turn up.
            let bound = min(limit, (best?.distance ?? limit + 1) - 1)
            if let distance = editDistance(typed, bytes, atMost: bound) { best = (key, distance) }
        }
        return best?.name
    }

    private static let catalogBytes: [(String, [UInt8])] = catalog.map { ($0.name, Array($0.name.utf8)) }

    /// Levenshtein distance between two byte strings, or nil as soon as it must exceed `limit`:
    /// an unknown key is compared with the whole catalog, and most keys are nowhere near it.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], atMost limit: Int) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows in
            var previous = UnsafeMutableBufferPointer(rebasing: rows[0...b.count])
            var current = UnsafeMutableBufferPointer(rebasing: rows[(b.count + 1)...])
            for j in 0...b.count { previous[j] = j }
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                    let cell = min(previous[j] + 1, current[j - 1] + 1, substitution)
                    current[j] = cell
                    rowMinimum = min(rowMinimum, cell)
                }
                // A row's minimum never falls in later rows.
                if rowMinimum > limit { return nil }
                swap(&previous, &current)
            }
            return previous[b.count] <= limit ? previous[b.count] : nil
        }
    }
}
