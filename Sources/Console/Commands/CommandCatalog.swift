/// Every console command, by the words that name it. The session matches on this enum, so a
/// command in the catalog without a handler, or a handler without a catalog entry, does not compile.
public enum ConsoleCommand: String, Sendable, CaseIterable {
    case help
    case status
    case showConfig = "show config"
    case showKeys = "show keys"
    case set
    case unset
    case diff
    case commit
    case discard
    case testLed = "test led"
    case testBuzzer = "test buzzer"
    case testPattern = "test pattern"
    case testScan = "test scan"
    case testAcquirer = "test acquirer"
    case testVoice = "test voice"
    case sayLast = "say last"
    case charge
    case chargeCancel = "charge cancel"
    case queue
    case queueShow = "queue show"
    case report
    case queueRetry = "queue retry"
    case payCancel = "pay cancel"
    case payRefund = "pay refund"
    case keyGenerate = "key generate"
    case keyShowPublic = "key show-public"
    case boardList = "board list"
    case boardUse = "board use"
    case logTail = "log tail"
    case restart
    case factoryReset = "factory-reset"
    case login
    case logout
    case passwd
}

/// The console's commands, for `help`, tab completion and the login check. Words are matched
/// exactly; the longest matching name wins (`queue show` before `queue`).
public struct CommandSpec: Sendable {
    public let command: ConsoleCommand
    public var name: String { command.rawValue }
    public let arguments: String
    public let summary: String
    /// Changes state: asks for the console PIN first.
    public let needsLogin: Bool

    var usage: String { arguments.isEmpty ? name : "\(name) \(arguments)" }
}

public enum CommandCatalog {
    public static let all: [CommandSpec] = [
        CommandSpec(command: .help, arguments: "[COMMAND]", summary: "List commands, or explain one.", needsLogin: false),
        CommandSpec(command: .status, arguments: "", summary: "Scanner, acquirer, queue, last result, outputs.", needsLogin: false),
        CommandSpec(command: .showConfig, arguments: "[KEY|PREFIX]", summary: "Effective values and their layer (secrets hidden).", needsLogin: false),
        CommandSpec(command: .showKeys, arguments: "[PREFIX]", summary: "Every key: type, what is allowed, live or not.", needsLogin: false),
        CommandSpec(command: .set, arguments: "KEY VALUE", summary: "Stage a change (secrets: `set KEY` alone).", needsLogin: true),
        CommandSpec(command: .unset, arguments: "KEY", summary: "Stage removing a console change.", needsLogin: true),
        CommandSpec(command: .diff, arguments: "", summary: "Staged changes, old -> new.", needsLogin: false),
        CommandSpec(command: .commit, arguments: "", summary: "Check, apply (live where possible) and save.", needsLogin: true),
        CommandSpec(command: .discard, arguments: "", summary: "Drop staged changes.", needsLogin: true),
        CommandSpec(command: .testLed, arguments: "NAME", summary: "Light one LED for a second (green, red, ...).", needsLogin: true),
        CommandSpec(command: .testBuzzer, arguments: "", summary: "Sound the buzzer briefly.", needsLogin: true),
        CommandSpec(command: .testPattern, arguments: "EVENT", summary: "Play an event's pattern (success, identify, ...).", needsLogin: true),
        CommandSpec(command: .testScan, arguments: "", summary: "Show the next read: bytes and what it is.", needsLogin: true),
        CommandSpec(command: .testAcquirer, arguments: "", summary: "Connect, TLS and a signed round trip.", needsLogin: true),
        CommandSpec(command: .testVoice, arguments: "[PHRASE [AMOUNT]]", summary: "Say a phrase (paid, declined, expired, ...); paid by default.", needsLogin: true),
        CommandSpec(command: .sayLast, arguments: "", summary: "Say the last result again, for a customer who did not hear it.", needsLogin: false),
        CommandSpec(command: .charge, arguments: "AMOUNT [CURRENCY] [REF]", summary: "Arm an amount for the next payment code.", needsLogin: false),
        CommandSpec(command: .chargeCancel, arguments: "", summary: "Drop the armed amount.", needsLogin: false),
        CommandSpec(command: .queue, arguments: "", summary: "Unfinished payments.", needsLogin: false),
        CommandSpec(command: .queueShow, arguments: "ID", summary: "One payment and its history.", needsLogin: false),
        CommandSpec(command: .report, arguments: "[today|YYYY-MM-DD]", summary: "The day's takings per currency and wallet.", needsLogin: false),
        CommandSpec(command: .queueRetry, arguments: "ID", summary: "Send a queued payment (or inquire) now.", needsLogin: true),
        CommandSpec(command: .payCancel, arguments: "ID", summary: "Cancel at the acquirer (supervisor PIN).", needsLogin: true),
        CommandSpec(command: .payRefund, arguments: "ID AMOUNT", summary: "Refund a paid payment (supervisor PIN).", needsLogin: true),
        CommandSpec(command: .keyGenerate, arguments: "", summary: "Make the signing key; print its public key.", needsLogin: true),
        CommandSpec(command: .keyShowPublic, arguments: "", summary: "The public key to register with the acquirer.", needsLogin: false),
        CommandSpec(command: .boardList, arguments: "", summary: "Known board profiles.", needsLogin: false),
        CommandSpec(command: .boardUse, arguments: "NAME", summary: "Stage board.name (commit, then restart).", needsLogin: true),
        CommandSpec(command: .logTail, arguments: "[N]", summary: "The last N log lines (default 20).", needsLogin: false),
        CommandSpec(command: .restart, arguments: "", summary: "Restart the agent.", needsLogin: true),
        CommandSpec(command: .factoryReset, arguments: "", summary: "Erase console changes and PINs (not payments).", needsLogin: true),
        CommandSpec(command: .login, arguments: "", summary: "Enter the console PIN.", needsLogin: false),
        CommandSpec(command: .logout, arguments: "", summary: "Leave; staged changes are dropped (so does a hang-up).", needsLogin: false),
        CommandSpec(command: .passwd, arguments: "[supervisor]", summary: "Change the console or the supervisor PIN.", needsLogin: true),
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
