/// A parser for the subset of the udev rule grammar (udev(7)) our rules use, strict where udev is
/// lenient: udev 252 only warns about a missing comma or an unknown key and drops the rule, so a
/// typo would ship silently. Debian 12's udevadm has no `verify` (that arrived in systemd 253).
struct UdevRule {
    enum Operator: String, CaseIterable {
        case equal = "==", notEqual = "!=", add = "+=", remove = "-=", assignFinal = ":=", assign = "="
        var isMatch: Bool { self == .equal || self == .notEqual }
    }

    struct Pair: Equatable {
        var key: String
        var attribute: String?
        var op: Operator
        var value: String
    }

    var line: Int
    var pairs: [Pair]

    func values(_ key: String, attribute: String? = nil) -> [String] {
        pairs.filter { $0.key == key && (attribute == nil || $0.attribute == attribute) }.map(\.value)
    }
}

struct UdevSyntaxError: Error, CustomStringConvertible {
    var file: String
    var line: Int
    var message: String
    var description: String { "\(file):\(line): \(message)" }
}

enum UdevRuleParser {
    /// Keys that may only be matched, only assigned, or both (udev(7), systemd 252).
    static let matchOnly: Set<String> = ["ACTION", "DEVPATH", "KERNEL", "KERNELS", "SUBSYSTEM", "SUBSYSTEMS", "DRIVER", "DRIVERS", "ATTRS", "TAGS", "PROGRAM", "RESULT", "TEST"]
    static let assignOnly: Set<String> = ["GROUP", "OWNER", "MODE", "RUN", "LABEL", "GOTO", "OPTIONS", "NAME", "IMPORT"]
    static let both: Set<String> = ["SYMLINK", "ENV", "ATTR", "TAG", "SYSCTL"]
    static let needsAttribute: Set<String> = ["ATTR", "ATTRS", "ENV", "SYSCTL", "IMPORT", "TEST"]

    static func parse(_ text: String, file: String) throws -> [UdevRule] {
        var rules: [UdevRule] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasSuffix("\\") { throw UdevSyntaxError(file: file, line: index + 1, message: "continuation lines are not used here") }
            rules.append(UdevRule(line: index + 1, pairs: try pairs(in: line, file: file, line: index + 1)))
        }
        return rules
    }

    private static func pairs(in text: Substring, file: String, line: Int) throws -> [UdevRule.Pair] {
        func fail(_ message: String) -> UdevSyntaxError { UdevSyntaxError(file: file, line: line, message: message) }
        var rest = text
        var pairs: [UdevRule.Pair] = []
        while !rest.isEmpty {
            let key = rest.prefix { $0.isUppercase || $0 == "_" }
            guard !key.isEmpty else { throw fail("expected a key at \"\(rest.prefix(20))\"") }
            rest = rest.dropFirst(key.count)
            var attribute: String?
            if rest.first == "{" {
                guard let close = rest.firstIndex(of: "}") else { throw fail("unclosed { after \(key)") }
                attribute = String(rest[rest.index(after: rest.startIndex)..<close])
                rest = rest[rest.index(after: close)...]
            }
            guard let op = UdevRule.Operator.allCases.first(where: { rest.hasPrefix($0.rawValue) }) else {
                throw fail("expected an operator after \(key)")
            }
            rest = rest.dropFirst(op.rawValue.count)
            guard rest.first == "\"", let end = rest.dropFirst().firstIndex(of: "\"") else {
                throw fail("the value of \(key) must be in double quotes")
            }
            let value = String(rest[rest.index(after: rest.startIndex)..<end])
            rest = rest[rest.index(after: end)...]
            let pair = UdevRule.Pair(key: String(key), attribute: attribute, op: op, value: value)
            try check(pair, fail)
            pairs.append(pair)
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { break }
            guard rest.first == "," else { throw fail("missing comma after \(key)") }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { throw fail("trailing comma") }
        }
        return pairs
    }

    private static func check(_ pair: UdevRule.Pair, _ fail: (String) -> UdevSyntaxError) throws {
        let key = pair.key
        guard matchOnly.contains(key) || assignOnly.contains(key) || both.contains(key) else { throw fail("unknown key \(key)") }
        if matchOnly.contains(key), !pair.op.isMatch { throw fail("\(key) can only be matched (== or !=)") }
        if assignOnly.contains(key), pair.op.isMatch { throw fail("\(key) can only be assigned") }
        if needsAttribute.contains(key), pair.attribute?.isEmpty ?? true { throw fail("\(key) needs {attribute}") }
        if key == "RUN", let attribute = pair.attribute, !["program", "builtin"].contains(attribute) {
            throw fail("RUN{\(attribute)} is not program or builtin")
        }
    }
}
