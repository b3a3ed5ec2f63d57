/// One source of values, lowest first: built-in defaults < board profile < provisioning file <
/// changes from the head office over the fleet uplink < console changes (the technician at the
/// box has the last word). A layer holds text exactly as written; checking happens on the merged whole.
public struct ConfigurationLayer: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case defaults = "default"
        case board
        case file
        case fleet
        case console

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// A value and where it was written (for messages such as `scanbridge.conf:12`).
    public struct Entry: Sendable, Hashable {
        public var value: String
        public var line: Int?

        public init(_ value: String, line: Int? = nil) {
            self.value = value
            self.line = line
        }
    }

    public var kind: Kind
    /// The file the layer came from, or a label such as `board rpi4`.
    public var origin: String
    public var entries: [String: Entry]

    public init(_ kind: Kind, origin: String, entries: [String: Entry] = [:]) {
        self.kind = kind
        self.origin = origin
        self.entries = entries
    }

    public init(_ kind: Kind, origin: String, values: [String: String]) {
        self.init(kind, origin: origin, entries: values.mapValues { Entry($0) })
    }

    public subscript(key: String) -> String? {
        get { entries[key]?.value }
        set { entries[key] = newValue.map { Entry($0) } }
    }

    /// Where `key` was written, as `file:line` when known.
    public func location(of key: String) -> String {
        entries[key]?.line.map { "\(origin):\($0)" } ?? origin
    }

    /// The built-in defaults of every key in the catalog.
    public static let defaults = ConfigurationLayer(
        .defaults, origin: "built-in defaults",
        values: Dictionary(ConfigKey.catalog.compactMap { key in key.defaultValue.map { (key.name, $0) } }, uniquingKeysWith: { a, _ in a })
    )

    /// What a board profile contributes: its scanner and console ports and its pattern overrides.
    /// The Indicators module owns the profile; this takes its fields as plain text.
    public static func board(id: String, scannerPort: String, consolePort: String, patterns: [String: String]) -> ConfigurationLayer {
        var values = [KeyName.scannerPort.rawValue: scannerPort, KeyName.consolePort.rawValue: consolePort]
        for (event, spec) in patterns { values["indicators.pattern.\(event)"] = spec }
        return ConfigurationLayer(.board, origin: "board \(id)", values: values)
    }
}
