import Configuration

extension ConsoleSession {
    /// Tab: completes the word under the cursor from commands, subcommands, configuration keys
    /// and their choices. One match fills it in; several fill the common prefix and are listed.
    func complete() async {
        let line = editor.text
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let partial = words.popLast() ?? ""
        let candidates = Self.candidates(after: words.filter { !$0.isEmpty }, boards: await boardIDs(for: words)).filter { $0.hasPrefix(partial) }
        guard !candidates.isEmpty else { out.write([0x07]); return }
        let prefix = Self.commonPrefix(candidates)
        let head = words.isEmpty ? "" : words.joined(separator: " ") + " "
        if candidates.count == 1 {
            out.write(editor.replace(with: head + prefix + " "))
            return
        }
        if prefix.count > partial.count {
            out.write(editor.replace(with: head + prefix))
            return
        }
        out.line()
        var row = ""
        for candidate in candidates.sorted() {
            if row.count + candidate.count + 2 > LineEditor.columns { out.line(row); row = "" }
            row += candidate + "  "
        }
        if !row.isEmpty { out.line(row) }
        out.write(editor.render())
    }

    private func boardIDs(for words: [String]) async -> [String] {
        words.filter({ !$0.isEmpty }) == ["board", "use"] ? await host.boards().map(\.id) : []
    }

    static func candidates(after words: [String], boards: [String]) -> [String] {
        switch words {
        case []: return CommandCatalog.firstWords
        case ["set"], ["unset"], ["show", "config"]: return ConfigKey.catalog.map(\.name)
        case ["show"], ["test"], ["queue"], ["pay"], ["key"], ["board"], ["log"], ["help"]:
            if words == ["help"] { return CommandCatalog.firstWords }
            return CommandCatalog.all.compactMap { spec in
                let parts = spec.name.split(separator: " ").map(String.init)
                return parts.count == 2 && parts[0] == words[0] ? parts[1] : nil
            }
        case ["test", "pattern"]: return ConfigKey.indicatorEvents
        case ["test", "led"]: return ["green", "red", "amber", "blue"]
        case ["board", "use"]: return boards + ["auto"]
        case ["passwd"]: return ["supervisor"]
        default:
            if words.count == 2, words[0] == "set", let key = ConfigKey.named(words[1]) { return key.type.choices }
            return []
        }
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
