/// The console's commands, for `help`, tab completion and the login check. Words are matched
/// exactly; the longest matching name wins (`queue show` before `queue`).
public struct CommandSpec: Sendable {
    public let name: String
    public let arguments: String
    public let summary: String
    /// Changes state: asks for the console PIN first.
    public let needsLogin: Bool

    var usage: String { arguments.isEmpty ? name : "\(name) \(arguments)" }
}

public enum CommandCatalog {
    public static let all: [CommandSpec] = [
        CommandSpec(name: "help", arguments: "[COMMAND]", summary: "List commands, or explain one.", needsLogin: false),
        CommandSpec(name: "status", arguments: "", summary: "Scanner, acquirer, queue, last result, outputs.", needsLogin: false),
        CommandSpec(name: "show config", arguments: "[KEY|PREFIX]", summary: "Effective values and their layer (secrets hidden).", needsLogin: false),
        CommandSpec(name: "show keys", arguments: "[PREFIX]", summary: "Every key: type, what is allowed, live or not.", needsLogin: false),
        CommandSpec(name: "set", arguments: "KEY VALUE", summary: "Stage a change (secrets: `set KEY` alone).", needsLogin: true),
        CommandSpec(name: "unset", arguments: "KEY", summary: "Stage removing a console change.", needsLogin: true),
        CommandSpec(name: "diff", arguments: "", summary: "Staged changes, old -> new.", needsLogin: false),
        CommandSpec(name: "commit", arguments: "", summary: "Check, apply (live where possible) and save.", needsLogin: true),
        CommandSpec(name: "discard", arguments: "", summary: "Drop staged changes.", needsLogin: true),
        CommandSpec(name: "test led", arguments: "NAME", summary: "Light one LED for a second (green, red, ...).", needsLogin: true),
        CommandSpec(name: "test buzzer", arguments: "", summary: "Sound the buzzer briefly.", needsLogin: true),
        CommandSpec(name: "test pattern", arguments: "EVENT", summary: "Play an event's pattern (success, identify, ...).", needsLogin: true),
        CommandSpec(name: "test scan", arguments: "", summary: "Show the next read: bytes and what it is.", needsLogin: true),
        CommandSpec(name: "test acquirer", arguments: "", summary: "Connect, TLS and a signed round trip.", needsLogin: true),
        CommandSpec(name: "charge", arguments: "AMOUNT [CURRENCY] [REF]", summary: "Arm an amount for the next payment code.", needsLogin: false),
        CommandSpec(name: "charge cancel", arguments: "", summary: "Drop the armed amount.", needsLogin: false),
        CommandSpec(name: "queue", arguments: "", summary: "Unfinished payments.", needsLogin: false),
        CommandSpec(name: "queue show", arguments: "ID", summary: "One payment and its history.", needsLogin: false),
        CommandSpec(name: "report", arguments: "[today|YYYY-MM-DD]", summary: "The day's takings per currency and wallet.", needsLogin: false),
        CommandSpec(name: "queue retry", arguments: "ID", summary: "Send a queued payment (or inquire) now.", needsLogin: true),
        CommandSpec(name: "pay cancel", arguments: "ID", summary: "Cancel at the acquirer (supervisor PIN).", needsLogin: true),
        CommandSpec(name: "pay refund", arguments: "ID AMOUNT", summary: "Refund a paid payment (supervisor PIN).", needsLogin: true),
        CommandSpec(name: "key generate", arguments: "", summary: "Make the signing key; print its public key.", needsLogin: true),
        CommandSpec(name: "key show-public", arguments: "", summary: "The public key to register with the acquirer.", needsLogin: false),
        CommandSpec(name: "board list", arguments: "", summary: "Known board profiles.", needsLogin: false),
        CommandSpec(name: "board use", arguments: "NAME", summary: "Stage board.name (commit, then restart).", needsLogin: true),
        CommandSpec(name: "log tail", arguments: "[N]", summary: "The last N log lines (default 20).", needsLogin: false),
        CommandSpec(name: "restart", arguments: "", summary: "Restart the agent.", needsLogin: true),
        CommandSpec(name: "factory-reset", arguments: "", summary: "Erase console changes and PINs (not payments).", needsLogin: true),
        CommandSpec(name: "login", arguments: "", summary: "Enter the console PIN.", needsLogin: false),
        CommandSpec(name: "logout", arguments: "", summary: "Leave; staged changes are dropped (so does a hang-up).", needsLogin: false),
        CommandSpec(name: "passwd", arguments: "[supervisor]", summary: "Change the console or the supervisor PIN.", needsLogin: true),
    ]

    /// The command a line starts with, and its arguments.
    public static func match(_ words: [String]) -> (CommandSpec, [String])? {
        var best: (spec: CommandSpec, nameWords: Int)?
        for (spec, nameWords) in allWithWords where words.starts(with: nameWords) {
            if best.map({ $0.spec.name.utf8.count < spec.name.utf8.count }) ?? true {
                best = (spec, nameWords.count)
            }
        }
        return best.map { ($0.spec, Array(words.dropFirst($0.nameWords))) }
    }

    /// Every command with its name split into words once, not once per line typed.
    private static let allWithWords = all.map { ($0, $0.name.split(separator: " ").map(String.init)) }

    /// First words of every command, for completion.
    static var firstWords: [String] {
        var seen: [String] = []
        for spec in all {
            let first = String(spec.name.split(separator: " ")[0])
            if !seen.contains(first) { seen.append(first) }
        }
        return seen.sorted()
    }
}
