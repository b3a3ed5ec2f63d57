import Configuration

extension ConsoleSession {
    /// Asks for the console PIN, then runs `line` (nil: just log in). With no PIN configured yet,
    /// the technician chooses one first.
    func requestLogin(then line: String?) {
        guard store.settings.console.pinHash != nil else {
            out.line("no console PIN is set yet: choose one (4 to 12 digits)")
            mode = .hidden(.newPin(.console, first: nil, then: line))
            return
        }
        if let remaining = lockout.remaining(at: clock.now()) {
            out.line("too many wrong PINs: try again in \(Self.seconds(remaining)) s")
            return
        }
        mode = .hidden(.login(then: line))
    }

    func passwd(_ arguments: [String]) {
        switch arguments {
        case []:
            mode = .hidden(.newPin(.console, first: nil, then: nil))
        case ["supervisor"]:
            if store.settings.console.supervisorPinHash != nil {
                out.line("enter the current supervisor PIN first")
                mode = .hidden(.supervisor(then: .changeSupervisorPin))
            } else {
                mode = .hidden(.newPin(.supervisor, first: nil, then: nil))
            }
        default:
            out.line("usage: passwd [supervisor]")
        }
    }

    func hiddenEntered(_ text: String, _ entry: HiddenEntry) async {
        switch entry {
        case .login(let line):
            guard await checkPin(text, against: store.settings.console.pinHash) else { return }
            loggedIn = true
            out.line("logged in")
            if let line { await run(line) }
        case .supervisor(let action):
            guard await checkPin(text, against: store.settings.console.supervisorPinHash) else { return }
            await performSupervised(action)
        case .newPin(let kind, nil, let line):
            if let problem = PinHasher.problem(with: text) {
                out.line("\(problem); nothing was changed")
                return
            }
            mode = .hidden(.newPin(kind, first: text, then: line))
        case .newPin(let kind, let first?, let line):
            guard text == first else { out.line("the two PINs differ; nothing was changed"); return }
            let hash: PinHashFormat
            do {
                hash = try await PinHasher.hashOffPool(text, iterations: pinIterations)
            } catch {
                out.data("cannot store the PIN: \(error)")
                return
            }
            let key = kind == .console ? KeyName.consolePinHash.rawValue : KeyName.consoleSupervisorPinHash.rawValue
            guard await commitNow(key, hash.text, action: "passwd") else { return }
            out.line(kind == .console ? "console PIN saved" : "supervisor PIN saved")
            if kind == .console {
                loggedIn = true
                lockout.succeeded()
                if let line { await run(line) }
            }
        case .secretValue(let key):
            guard !text.isEmpty else { out.line("empty value; nothing was staged"); return }
            stage(key, text)
        }
    }

    /// Verifies a PIN, counting failures towards the lockout.
    private func checkPin(_ pin: String, against stored: PinHashFormat?) async -> Bool {
        let now = clock.now()
        if let remaining = lockout.remaining(at: now) {
            out.line("too many wrong PINs: try again in \(Self.seconds(remaining)) s")
            return false
        }
        if let stored, await PinHasher.verifyOffPool(pin, against: stored) {
            lockout.succeeded()
            return true
        }
        if let delay = lockout.failed(at: now) {
            out.line("wrong PIN; \(lockout.allowedFailures) wrong PINs in a row: locked for \(Self.seconds(delay)) s")
            await record([auditEntry("lockout", new: "\(Self.seconds(delay)) s")])
        } else {
            out.line("wrong PIN")
        }
        return false
    }

    static func seconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds + (attoseconds > 0 ? 1 : 0)
    }
}
