import Configuration
import Console
import FoundationEssentials
import Testing

/// docs/CONFIGURATION.md is the technician's reference: every key must be in it, and every
/// example in its table must be a value the agent accepts.
@Suite("docs/CONFIGURATION.md")
struct ConfigurationDocTests {
    static func rows() throws -> [String: [String]] {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appending(path: "docs/CONFIGURATION.md"), encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            guard cells.count >= 7 else { continue }
            rows[String(cells[1].dropFirst().dropLast())] = Array(cells.dropFirst())
        }
        return rows
    }

    @Test("every key is documented with its default, and every example validates")
    func everyKey() throws {
        let rows = try Self.rows()
        for key in ConfigKey.catalog {
            let row = try #require(rows[key.name], "\(key.name) is not documented")
            #expect(row[2] == (key.defaultValue.map { "`\($0)`" } ?? "—"), "\(key.name): default in the doc differs")
            let example = row[4]
            guard example.hasPrefix("`") else { continue }  // secrets: described, not shown
            let value = String(example.dropFirst().dropLast())
            #expect(Validator.agent.problem(key, value) == nil, "\(key.name): example \(value) is refused")
        }
        #expect(rows.count == ConfigKey.catalog.count)
    }
}
