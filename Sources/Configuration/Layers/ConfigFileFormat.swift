/// The provisioning and console files: one `key = value` per line, `#` starts a comment (at the
/// start of a line, or after whitespace), blank lines are ignored, surrounding spaces are
/// trimmed, and a value may be quoted with `"` to keep a `#` or leading spaces. Simple enough for
/// fleet tooling to write with `printf`.
public enum ConfigFileFormat {
    /// Parses `text`; every malformed line is reported, with its number.
    public static func parse(_ text: String, kind: ConfigurationLayer.Kind, origin: String) -> (ConfigurationLayer, [ConfigurationIssue]) {
        var layer = ConfigurationLayer(kind, origin: origin)
        var issues: [ConfigurationIssue] = []
        var number = 0
        // "\r\n" is one Character in Swift: split on it, LF and a lone CR, so CRLF files number
        // lines right and a CR never ends up inside a value.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            number += 1
            let line = stripComment(rawLine)
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                issues.append(ConfigurationIssue(key: nil, location: "\(origin):\(number)", "expected `key = value`"))
                continue
            }
            let key = String(line[..<equals]).trimmed
            var value = String(line[line.index(after: equals)...]).trimmed
            guard !key.isEmpty else {
                issues.append(ConfigurationIssue(key: nil, location: "\(origin):\(number)", "missing key before `=`"))
                continue
            }
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            if let previous = layer.entries[key]?.line {
                issues.append(ConfigurationIssue(key: key, location: "\(origin):\(number)", "set twice (first on line \(previous))"))
            }
            layer.entries[key] = .init(value, line: number)
        }
        return (layer, issues)
    }

    /// The file text for a layer, keys sorted, values quoted when they need it. A value that no
    /// line can hold (see `unwritableKeys`) is written quoted; `ConfigurationStore.commit` refuses
    /// such values before it gets here.
    public static func render(_ layer: ConfigurationLayer, header: String) -> String {
        var text = header.split(separator: "\n").map { "# \($0)\n" }.joined()
        for key in layer.entries.keys.sorted() {
            guard let value = layer.entries[key]?.value else { continue }
            text += (line(key: key, value: value) ?? "\(key) = \"\(value)\"") + "\n"
        }
        return text
    }

    /// Keys whose values this format cannot write so that they read back the same: a line break,
    /// or quotes, `#` and surrounding spaces combined so that neither form survives.
    public static func unwritableKeys(_ layer: ConfigurationLayer) -> [String] {
        layer.entries.keys.sorted().filter { key in layer.entries[key].map { line(key: key, value: $0.value) == nil } ?? false }
    }

    /// `key = value`, bare or quoted, whichever reads back as exactly `value` (bare first). The
    /// format has no escapes, and a `"` inside a value toggles comment detection, so the only
    /// sure test is to read the line back. A value that opens with `#` only survives right after
    /// the `=` (after a space it starts a comment), hence the forms without the space.
    static func line(key: String, value: String) -> String? {
        guard !value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return nil }
        for candidate in ["\(key) = \(value)", "\(key) = \"\(value)\"", "\(key) =\(value)", "\(key) =\"\(value)\""] {
            let (layer, issues) = parse(candidate, kind: .console, origin: "")
            if issues.isEmpty, layer.entries.count == 1, layer.entries[key]?.value == value { return candidate }
        }
        return nil
    }

    /// Drops a `#` comment that is not inside quotes.
    private static func stripComment(_ line: Substring) -> Substring {
        var quoted = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "\"" { quoted.toggle() }
            if character == "#", !quoted, previous == " " || previous == "\t" || index == line.startIndex {
                return Substring(String(line[..<index]).trimmed)
            }
            previous = character
        }
        return Substring(String(line).trimmed)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs. Index search rather than two reversals:
    /// the loader trims every line and field, and the fuzzer found this the hottest spot.
    var trimmed: String {
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
