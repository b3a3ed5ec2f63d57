@testable import Configuration
import Testing

/// Inputs `scripts/fuzz config-file` found, run through the same path: a parsed file must be
/// writable back by the console (`render`) and read back with the same values.
@Suite("Fuzzer findings: configuration files")
struct FuzzRegressionTests {
    static func roundTrip(_ text: String) -> (before: [String: String], after: [String: String], issues: [ConfigurationIssue]) {
        let (layer, _) = ConfigFileFormat.parse(text, kind: .file, origin: "fuzz.conf")
        let rendered = ConfigFileFormat.render(layer, header: "round trip")
        let (again, issues) = ConfigFileFormat.parse(rendered, kind: .console, origin: "rendered")
        return (layer.entries.mapValues(\.value), again.entries.mapValues(\.value), issues)
    }

    @Test("a value in quotes of its own is written quoted, so the quotes survive (fuzz: `\"=\"\"\"\"`)")
    func valueWithItsOwnQuotes() {
        let result = Self.roundTrip("\"=\"\"\"\"")  // the saved input, byte for byte
        #expect(result.before == ["\"": "\"\""])
        #expect(result.after == result.before)
        #expect(result.issues.isEmpty)
        #expect(ConfigFileFormat.line(key: "acquirer.merchant-name", value: #""Best" cafe""#) == #"acquirer.merchant-name = ""Best" cafe"""#)
    }

    @Test("a lone CR ends a line like LF and CRLF, never part of a value (fuzz: `!=\\r`)")
    func loneCarriageReturn() {
        let result = Self.roundTrip("!=\r")
        #expect(result.before == ["!": ""])
        #expect(result.after == result.before)
        let (layer, _) = ConfigFileFormat.parse("a = 1\rb = 2\r\nc = 3\n", kind: .file, origin: "f")
        #expect(layer.entries.mapValues(\.value) == ["a": "1", "b": "2", "c": "3"])
        #expect(layer.entries["c"]?.line == 3)
    }

    @Test("a value that opens with # is written right after the = (fuzz: `k =#1\"   # quoted`)")
    func hashRightAfterEquals() {
        let result = Self.roundTrip("w1canner.usfacqe =#1\"   # quoted\n")
        #expect(result.before == ["w1canner.usfacqe": "#1\"   # quoted"])
        #expect(result.after == result.before)
        #expect(result.issues.isEmpty)
    }

    @Test("a value with quotes and # is written in whichever form reads back; one no line can hold is refused at commit")
    func quotesAndHash() throws {
        for value in [#"He said "hi #1"#, #"a" #b"#, "x #y", #""x #y"#, "  spaced  ", ""] {
            let line = try #require(ConfigFileFormat.line(key: "k", value: value), "\(value)")
            #expect(ConfigFileFormat.parse(line, kind: .console, origin: "").0["k"] == value)
        }
        #expect(ConfigFileFormat.line(key: "k", value: #" x" #y"#) == nil)
        let layer = ConfigurationLayer(.console, origin: "c", values: ["acquirer.merchant-name": #" x" #y"#, "scanner.profile": "zebra"])
        #expect(ConfigFileFormat.unwritableKeys(layer) == ["acquirer.merchant-name"])
    }
}
