/// A pack's `manifest.tsv`: `name<TAB>file<TAB>text` per clip, `#` comments and blank lines
/// allowed. The file is the pack's folder's own (no `/`), each name once.
public struct ClipManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let file: String
        public let text: String
    }

    public let entries: [String: Entry]

    /// - Throws: the 1-based line and what is wrong with it.
    public init(parsing text: String) throws(ManifestError) {
        var entries: [String: Entry] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw ManifestError(line: index + 1, "expected name<TAB>file<TAB>text")
            }
            guard !fields[1].contains("/"), fields[1] != ".", fields[1] != ".." else {
                throw ManifestError(line: index + 1, "the file must be in the pack's folder")
            }
            guard entries[fields[0]] == nil else { throw ManifestError(line: index + 1, "\"\(fields[0])\" named twice") }
            entries[fields[0]] = Entry(file: fields[1], text: fields[2])
        }
        self.entries = entries
    }
}

public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let problem: String

    public init(line: Int, _ problem: String) {
        self.line = line
        self.problem = problem
    }

    public var description: String { "line \(line): \(problem)" }
}
