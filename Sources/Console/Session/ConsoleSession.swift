import Configuration
import Journal
import Settlement

/// One technician's session on the console port, from connect to hang-up: keys in, screen out.
/// Used only from the console service's loop, one event at a time, so it needs no locking.
/// A hang-up ends it (staged changes dropped, logged out); the next connect starts a new one.
final class ConsoleSession {
    let port: String
    let host: any ConsoleHost
    let store: ConfigurationStore
    let lockout: Lockout
    let clock: ConsoleClock
    let wallClock: any WallClock
    let out: any ConsoleOutput
    let interrupts: InterruptSwitch
    let pinIterations: Int

    var editor = LineEditor()
    var decoder = KeyDecoder()
    var loggedIn = false
    var lastActivity: Duration
    /// Staged changes in the order they were made; nil removes the console's value.
    var staged: [(key: String, value: String?)] = []
    var mode = Mode.command
    var ended = false

    enum Mode {
        case command
        /// Hidden entry of a PIN or a secret value.
        case hidden(HiddenEntry)
        /// Typed confirmation of a destructive command.
        case confirm(phrase: String, action: ConfirmedAction)
    }

    enum HiddenEntry {
        case login(then: String?)
        case supervisor(then: SupervisorAction)
        case newPin(PinKind, first: String?, then: String?)
        case secretValue(key: String)
    }

    enum PinKind { case console, supervisor }
    enum SupervisorAction { case cancel(Int64), refund(Int64, String), changeSupervisorPin }
    enum ConfirmedAction { case factoryReset }

    init(port: String, host: any ConsoleHost, store: ConfigurationStore, lockout: Lockout, clock: ConsoleClock,
         wallClock: any WallClock, output: any ConsoleOutput, interrupts: InterruptSwitch, pinIterations: Int) {
        self.port = port
        self.host = host
        self.store = store
        self.lockout = lockout
        self.clock = clock
        self.wallClock = wallClock
        self.out = output
        self.interrupts = interrupts
        self.pinIterations = pinIterations
        self.lastActivity = clock.now()
    }

    var prompt: String {
        switch mode {
        case .command: "scanbridge\(staged.isEmpty ? "" : "*")\(loggedIn ? "#" : ">") "
        case .hidden(.login), .hidden(.supervisor(.changeSupervisorPin)): "PIN: "
        case .hidden(.supervisor): "Supervisor PIN: "
        case .hidden(.newPin(_, let first, _)): first == nil ? "New PIN: " : "New PIN again: "
        case .hidden(.secretValue(let key)): "\(key) (hidden): "
        case .confirm(let phrase, _): "Type \(phrase) to confirm: "
        }
    }

    func start() {
        out.line()
        out.line(TerminalText.fit("scanbridge console on \(port)", width: LineEditor.columns))
        out.line("`help` lists commands; changes ask for the console PIN.")
        showPrompt()
    }

    func showPrompt() {
        editor.prompt = prompt
        if case .hidden = mode { editor.masked = true } else { editor.masked = false }
        out.write(editor.render())
    }

    /// Keys typed by the technician.
    func receive(_ bytes: [UInt8]) async {
        for byte in bytes {
            guard !ended, let key = decoder.feed(byte) else { continue }
            checkIdle()
            lastActivity = clock.now()
            var echo: [UInt8] = []
            let outcome = editor.apply(key, echo: &echo)
            out.write(echo)
            switch outcome {
            case .none: break
            case .submitted(let line): await submitted(line)
            case .interrupted:
                if case .command = mode {} else { out.line("cancelled") }
                mode = .command
                showPrompt()
            case .completionRequested: await complete()
            case .endOfInput:
                if loggedIn { logout("logged out") }
                showPrompt()
            }
        }
    }

    /// Called about once a second while the line is quiet: idle logout.
    func tick() {
        if checkIdle() { showPrompt() }
    }

    /// Logs out after the configured idle time; true when it did.
    @discardableResult
    func checkIdle() -> Bool {
        guard loggedIn || !staged.isEmpty || isInPrompt else { return false }
        let idle = store.settings.console.idleLogout
        guard clock.now() - lastActivity >= idle else { return false }
        out.line()
        mode = .command
        editor.reset()
        logout("idle for \(ValueParser.render(idle)): logged out")
        return true
    }

    var isInPrompt: Bool {
        if case .command = mode { return false }
        return true
    }

    func logout(_ message: String) {
        loggedIn = false
        if !staged.isEmpty {
            out.line("\(staged.count) staged change(s) dropped")
            staged.removeAll()
        }
        out.line(message)
    }

    private func submitted(_ line: String) async {
        switch mode {
        case .command:
            await run(line)
        case .hidden(let entry):
            mode = .command
            await hiddenEntered(line, entry)
        case .confirm(let phrase, let action):
            mode = .command
            if line == phrase {
                await confirmed(action)
            } else {
                out.line("not confirmed; nothing was changed")
            }
        }
        if !ended { showPrompt() }
    }

    /// Audit rows stamped now, on this port.
    func auditEntry(_ action: String, key: String? = nil, old: String? = nil, new: String? = nil) -> AuditEntry {
        AuditEntry(at: wallClock.now(), port: port, action: action, key: key, old: old, new: new)
    }

    func record(_ entries: [AuditEntry]) async {
        if let error = await host.audit(entries) {
            out.data("warning: audit log not written: \(error)")
        }
    }
}
