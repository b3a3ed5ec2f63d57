import Configuration

extension ConsoleSession {
    func showConfig(_ filter: String?) {
        let configuration = store.configuration
        let names = ConfigKey.catalog.map(\.name).filter { name in filter.map { name == $0 || name.hasPrefix($0) } ?? true }
        guard !names.isEmpty else { out.data("no key matches \"\(filter ?? "")\"; `show keys` lists them"); return }
        for name in names {
            guard let key = ConfigKey.named(name) else { continue }
            let resolved = configuration.resolved(name)
            let shown = resolved.map { key.display($0.value) } ?? "-"
            let source = resolved?.layer.kind.rawValue ?? ""
            let pending = staged.last { $0.key == name } != nil ? " (staged)" : ""
            out.line("\(name.padding(to: 36)) \(TerminalText.fit(TerminalText.escaped(shown), width: 30).padding(to: 30)) \(source)\(pending)")
        }
    }

    func showKeys(_ filter: String?) {
        for key in ConfigKey.catalog where filter.map({ key.name.hasPrefix($0) }) ?? true {
            out.line(TerminalText.fit("\(key.name)  [\(key.type.name)]\(key.isSecret ? " secret" : "")\(key.appliesLive ? " live" : "")", width: LineEditor.columns))
            out.line(TerminalText.fit("    \(key.summary)", width: LineEditor.columns))
            out.line(TerminalText.fit("    allowed: \(key.type.allowed)", width: LineEditor.columns))
        }
    }

    func set(_ arguments: [String], line: String) {
        guard let name = arguments.first else { out.line("usage: set KEY VALUE"); return }
        guard let key = ConfigKey.named(name) else {
            let hint = ConfigKey.suggestion(for: name).map { "; did you mean \($0)?" } ?? "; `show keys` lists them"
            out.data("\(name) is not a configuration key\(hint)")
            return
        }
        if key.type.name == "pin-hash" {
            out.line("\(name) is set with `passwd`\(name.contains("supervisor") ? " supervisor" : "")")
            return
        }
        if key.isSecret {
            guard arguments.count == 1 else {
                editor.forgetLastLine()
                out.line("secret values are not typed on the command line (the screen and history would keep them);")
                out.line("type `set \(name)` alone and enter the value at the hidden prompt")
                return
            }
            mode = .hidden(.secretValue(key: name))
            return
        }
        // The value is the rest of the line as typed (pattern specs have spaces).
        guard let value = Self.value(after: name, in: line), !value.isEmpty else { out.line("usage: set \(name) VALUE"); return }
        stage(name, value)
    }

    /// Checks a value against its key and stages it.
    func stage(_ name: String, _ value: String?) {
        guard let key = ConfigKey.named(name) else { return }
        if let value, let problem = store.validator.problem(key, value) {
            out.data("\(name): \(key.isSecret ? "the value" : "\"\(value)\"") \(problem)")
            return
        }
        staged.removeAll { $0.key == name }
        staged.append((name, value))
        let shown = value.map { key.display($0) } ?? "(file/board/default value)"
        out.data("staged: \(name) = \(shown)")
        out.line("`commit` applies and saves, `discard` drops, `diff` shows staged changes")
    }

    func unset(_ arguments: [String]) {
        guard arguments.count == 1 else { out.line("usage: unset KEY"); return }
        let name = arguments[0]
        guard ConfigKey.named(name) != nil else { out.data("\(name) is not a configuration key"); return }
        guard store.configuration.layer(.console)?[name] != nil || staged.contains(where: { $0.key == name }) else {
            out.data("\(name) has no console value to remove (it comes from the \(store.configuration.resolved(name)?.layer.kind.rawValue ?? "defaults"))")
            return
        }
        stage(name, nil)
    }

    func diff() {
        guard !staged.isEmpty else { out.line("no staged changes"); return }
        let configuration = store.configuration
        let (candidate, _) = store.preview(Dictionary(staged.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b }))
        for (name, _) in staged {
            guard let key = ConfigKey.named(name) else { continue }
            let old = configuration.value(name).map { key.display($0) } ?? "-"
            let new = candidate.value(name).map { key.display($0) } ?? "-"
            out.data("\(name): \(old) -> \(new)")
        }
    }

    func discard() {
        guard !staged.isEmpty else { out.line("no staged changes"); return }
        out.line("dropped \(staged.count) staged change(s)")
        staged.removeAll()
    }

    func commit() async {
        guard !staged.isEmpty else { out.line("nothing to commit"); return }
        let changes = Dictionary(staged.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })
        let before = store.configuration
        let settings: AgentSettings
        do {
            settings = try store.commit(changes)
        } catch {
            out.line("commit refused; nothing was changed:")
            for line in error.description.split(separator: "\n") { out.data(String(line), indent: "  ") }
            return
        }
        let after = store.configuration
        let entries = staged.compactMap { name, value -> AuditEntryDraft? in
            guard let key = ConfigKey.named(name) else { return nil }
            return AuditEntryDraft(action: value == nil ? "unset" : "set", key: name,
                                   old: before.value(name).map { key.display($0) }, new: after.value(name).map { key.display($0) })
        }
        await record(entries.map { auditEntry($0.action, key: $0.key, old: $0.old, new: $0.new) })
        staged.removeAll()
        let report = await host.apply(settings, changed: Set(changes.keys))
        out.line("committed \(changes.count) change(s)")
        if !report.appliedLive.isEmpty { out.data("applied now: \(report.appliedLive.joined(separator: ", "))") }
        if !report.needsRestart.isEmpty { out.data("after `restart`: \(report.needsRestart.joined(separator: ", "))") }
    }

    /// Commits one change at once (PINs and secrets entered at hidden prompts).
    func commitNow(_ name: String, _ value: String, action: String) async -> Bool {
        guard let key = ConfigKey.named(name) else { return false }
        let before = store.configuration.value(name)
        let settings: AgentSettings
        do {
            settings = try store.commit([name: value])
        } catch {
            out.data("not saved: \(error)")
            return false
        }
        await record([auditEntry(action, key: name, old: before.map { key.display($0) }, new: key.display(value))])
        _ = await host.apply(settings, changed: [name])
        return true
    }

    /// The text after `set KEY ` exactly as typed, inner spaces kept.
    static func value(after key: String, in line: String) -> String? {
        guard let range = line.firstRange(of: key) else { return nil }
        return String(String(line[range.upperBound...].drop { $0 == " " }.reversed()).drop { $0 == " " }.reversed())
    }
}

struct AuditEntryDraft {
    var action: String
    var key: String
    var old: String?
    var new: String?
}
