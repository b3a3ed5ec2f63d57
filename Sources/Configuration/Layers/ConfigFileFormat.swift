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
        // "\r\n" is one Character in Swift: split on both, so CRLF files number lines right.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
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

    /// The file text for a layer, keys sorted, values quoted when they need it.
    public static func render(_ layer: ConfigurationLayer, header: String) -> String {
        var text = header.split(separator: "\n").map { "# \($0)\n" }.joined()
        for key in layer.entries.keys.sorted() {
            guard let value = layer.entries[key]?.value else { continue }
            let needsQuotes = value.contains("#") || value.hasPrefix(" ") || value.hasSuffix(" ") || value.isEmpty
            text += "\(key) = \(needsQuotes ? "\"\(value)\"" : value)\n"
        }
        return text
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
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
