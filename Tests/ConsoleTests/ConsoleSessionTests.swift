import Configuration
import Console
import Testing

/// The console driven through a real pty, keystroke by keystroke, as picocom or PuTTY would.
extension ConsolePTYTests {
    @Suite("Console over a pty", .serialized)
    struct ConsoleSessionTests {
        @Test("read-only commands work without a PIN, with CR and with CRLF line endings")
        func readOnlyWithoutLogin() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            let status = try await harness.run("status", prompt: "scanbridge> ")
            #expect(status.contains("queue     2 unfinished payment(s)"))
            #expect(status.contains("fleet     DOWN: TLS failed"), "the uplink's state, when the box has one")
            #expect(status.contains("console   read-only"))
            let queue = try await harness.run("queue", crlf: true, prompt: "scanbridge> ")
            #expect(queue.contains("281234********5678"))
            // CRLF must be one Enter: no second, empty command and no second prompt before the next line.
            let help = try await harness.run("help set", crlf: true, prompt: "scanbridge> ")
            #expect(help.contains("set KEY VALUE"))
            #expect(!harness.terminal.transcript.contains("unknown command"))
            await harness.stop()
        }

        @Test("a change needs the PIN; set, diff and commit persist it, audit it and apply it live")
        func setCommitAppliesLive() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            try harness.terminal.enter("set console.idle-logout 2m")
            try await harness.terminal.waitFor("PIN: ")
            try harness.terminal.enter(ConsoleHarness.pin)
            try await harness.terminal.waitFor("staged: console.idle-logout = 2m")
            try await harness.terminal.waitFor("scanbridge*# ")
            let diff = try await harness.run("diff")
            #expect(diff.contains("console.idle-logout: 5m -> 2m"))
            let commit = try await harness.run("commit")
            #expect(commit.contains("committed 1 change(s)"))
            #expect(commit.contains("applied now: console.idle-logout"))

            #expect(harness.store.settings.console.idleLogout == .seconds(120))
            let saved = try #require(try ConfigurationStore.readLayer(harness.consoleLayerPath, kind: .console))
            #expect(saved["console.idle-logout"] == "2m")
            #expect(harness.host.applied.last?.1 == ["console.idle-logout"])
            let row = try #require(harness.host.audit.last)
            #expect(row.action == "set" && row.key == "console.idle-logout" && row.old == "5m" && row.new == "2m")
            #expect(row.port.hasSuffix("/console") || row.port.hasPrefix("/dev/pts/"))

            // Live: the new idle time logs the technician out without a restart.
            harness.clock.advance(by: .seconds(121))
            try await harness.terminal.waitFor("idle for 2m: logged out")
            try await harness.terminal.waitFor("scanbridge> ")
            await harness.stop()
        }

        @Test("discard drops staged changes; an invalid value is refused with what is allowed")
        func discardAndValidation() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            try await harness.login()
            let bad = try await harness.run("set scanner.baud 9601")
            #expect(bad.contains("not a supported baud rate; use one of 1200"))
            let typo = try await harness.run("set scanner.bawd 9600")
            #expect(typo.contains("did you mean scanner.baud?"))
            try harness.terminal.enter("set scanner.baud 115200")
            try await harness.terminal.waitFor("scanbridge*# ")
            let discard = try await harness.run("discard")
            #expect(discard.contains("dropped 1 staged change(s)"))
            #expect(try await harness.run("diff").contains("no staged changes"))
            #expect(harness.store.settings.scanner.baudRate == nil)
            #expect(try ConfigurationStore.readLayer(harness.consoleLayerPath, kind: .console) == nil)
            await harness.stop()
        }

        @Test("five wrong PINs lock the console with a growing delay; the right PIN works after it")
        func lockout() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            for attempt in 1...5 {
                try harness.terminal.enter("login")
                try await harness.terminal.waitFor("PIN: ")
                try harness.terminal.enter("0000")
                try await harness.terminal.waitFor(attempt < 5 ? "wrong PIN\r\n" : "locked for 30 s")
                try await harness.terminal.waitFor("\rscanbridge> ")
            }
            let refused = try await harness.run("login", prompt: "scanbridge> ")
            #expect(refused.contains("too many wrong PINs: try again in 30 s"))
            #expect(harness.host.audit.contains { $0.action == "lockout" && $0.new == "30 s" })

            harness.clock.advance(by: .seconds(31))
            for _ in 1...5 {
                try harness.terminal.enter("login")
                try await harness.terminal.waitFor("PIN: ")
                try harness.terminal.enter("1111")
                try await harness.terminal.waitFor("wrong PIN")
            }
            try await harness.terminal.waitFor("locked for 60 s")
            harness.clock.advance(by: .seconds(61))
            try await harness.login()
            await harness.stop()
        }

        @Test("no secret ever reaches the screen: PINs, hashes and secret values are hidden and redacted")
        func redaction() async throws {
            let token = "tok-SECRET-4f9a"
            let harness = try ConsoleHarness()
            try await harness.start()
            try await harness.login()
            let refused = try await harness.run("set amount.ecr.token typed-inline")
            #expect(refused.contains("hidden prompt"))
            // The refused line is not kept in the history either: Up recalls the command before it.
            try harness.terminal.type("\u{1B}[A")
            try await harness.terminal.waitFor("login")
            try harness.terminal.type("\u{15}")
            try harness.terminal.enter("set amount.ecr.token")
            try await harness.terminal.waitFor("amount.ecr.token (hidden): ")
            try harness.terminal.enter(token)
            try await harness.terminal.waitFor("staged: amount.ecr.token = <redacted>")
            try await harness.terminal.waitFor("scanbridge*# ")
            try await harness.run("diff")
            try await harness.run("commit")
            let shown = try await harness.run("show config")
            #expect(shown.contains("amount.ecr.token"))
            #expect(shown.contains("<redacted>"))
            try harness.terminal.enter("passwd supervisor")
            try await harness.terminal.waitFor("PIN: ")
            try harness.terminal.enter(ConsoleHarness.supervisorPin)
            try await harness.terminal.waitFor("New PIN: ")
            try harness.terminal.enter("24680")
            try await harness.terminal.waitFor("New PIN again: ")
            try harness.terminal.enter("24680")
            try await harness.terminal.waitFor("supervisor PIN saved")

            let transcript = harness.terminal.transcript
            let hashes = [harness.store.configuration.value("console.pin-hash"), harness.store.configuration.value("console.supervisor-pin-hash")].compactMap { $0 }
            for secret in [token, ConsoleHarness.pin, ConsoleHarness.supervisorPin, "24680"] + hashes {
                #expect(!transcript.contains(secret), "\(secret) appeared on the console")
            }
            for row in harness.host.audit {
                for secret in [token, "24680"] + hashes {
                    #expect(row.new?.contains(secret) != true && row.old?.contains(secret) != true)
                }
            }
            #expect(harness.host.audit.contains { $0.key == "amount.ecr.token" && $0.new == "<redacted>" })
            #expect(harness.store.settings.amount.ecrToken == token)
            await harness.stop()
        }

        @Test("VT100 editing: arrows, Home/End, BS and DEL, Ctrl-U, Ctrl-W, Ctrl-C, history and tab completion")
        func lineEditing() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            let esc = "\u{1B}"
            // "satus", Home, Right, "t" → "status"
            try harness.terminal.type("satus\(esc)[H\(esc)[Ct\r")
            try await harness.terminal.waitFor("queue     2 unfinished")
            // BS (0x08) and DEL (0x7F) both erase.
            try harness.terminal.type("qx\u{08}ueuy\u{7F}e\r")
            try await harness.terminal.waitFor("281234********5678")
            // Ctrl-U kills the line, Ctrl-W the last word; End via ESC O F and ESC [ 4 ~.
            try harness.terminal.type("garbage\u{15}help log\u{17}\u{17}help log tail\(esc)OF\(esc)[4~\r")
            try await harness.terminal.waitFor("The last N log lines")
            // Ctrl-C drops the line.
            try harness.terminal.type("bogus\u{03}")
            try await harness.terminal.waitFor("^C")
            // Up twice recalls "help log tail" then "queue"; Down once returns to "help log tail".
            try harness.terminal.type("\(esc)[A\(esc)[A\(esc)[B\r")
            try await harness.terminal.waitFor("The last N log lines")
            // Tab: a unique command, then a key.
            try harness.terminal.type("stat\t")
            try await harness.terminal.waitFor("status ")
            try harness.terminal.type("\u{15}show config console.idle\t")
            try await harness.terminal.waitFor("console.idle-logout ")
            try harness.terminal.type("\r")
            try await harness.terminal.waitFor("5m")
            #expect(!harness.terminal.transcript.contains("unknown command \"bogus\""))
            #expect(!harness.terminal.transcript.contains("unknown command"))
            await harness.stop()
        }

        @Test("scanned data and log lines are escaped: a scanned ESC cannot drive the terminal")
        func escaping() async throws {
            let host = FakeHost(scan: ScanReport(hex: "1B 5B 32 4A", result: "not a payment code: \u{1B}[2J\u{07}"),
                                logLines: ["evil \u{1B}]0;title\u{07} line"])
            let harness = try ConsoleHarness(host: host)
            try await harness.start()
            try await harness.login()
            let scan = try await harness.run("test scan")
            #expect(scan.contains("\\x1B[2J\\x07"))
            let log = try await harness.run("log tail 5")
            #expect(log.contains("evil \\x1B]0;title\\x07 line"))
            #expect(!harness.terminal.transcript.contains("\u{1B}[2J"))
            #expect(!harness.terminal.transcript.contains("\u{07}"))
            await harness.stop()
        }

        @Test("Ctrl-C stops a command that waits (test scan)")
        func interruptWaitingCommand() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            try await harness.login()
            try harness.terminal.enter("test scan")
            try await harness.terminal.waitFor("Ctrl-C stops")
            try harness.terminal.type("\u{03}")
            try await harness.terminal.waitFor("no read")
            try await harness.terminal.waitFor("scanbridge# ")
            await harness.stop()
        }

        @Test("a hang-up mid-line drops the line, the staged changes and the login; the console comes back on reconnect")
        func hangUpMidLine() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            try await harness.login()
            try harness.terminal.enter("set scanner.baud 115200")
            try await harness.terminal.waitFor("scanbridge*# ")
            try harness.terminal.type("commi")  // no Enter: the cable is pulled here
            try harness.replug()
            try await harness.terminal.waitFor("scanbridge console on")
            try await harness.terminal.waitFor("scanbridge> ")
            let diff = try await harness.run("diff", prompt: "scanbridge> ")
            #expect(diff.contains("no staged changes"))
            #expect(harness.store.settings.scanner.baudRate == nil)
            let status = try await harness.run("status", prompt: "scanbridge> ")
            #expect(status.contains("read-only"))
            await harness.stop()
        }

        @Test("pay cancel needs the supervisor PIN as well; factory-reset needs the typed confirmation")
        func supervisorAndFactoryReset() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            try await harness.login()
            try harness.terminal.enter("pay cancel 7")
            try await harness.terminal.waitFor("Supervisor PIN: ")
            try harness.terminal.enter(ConsoleHarness.pin)  // the console PIN is not the supervisor's
            try await harness.terminal.waitFor("wrong PIN")
            #expect(harness.host.calls.withLock { $0.cancelled }.isEmpty)
            try harness.terminal.enter("pay cancel 7")
            try await harness.terminal.waitFor("Supervisor PIN: ")
            try harness.terminal.enter(ConsoleHarness.supervisorPin)
            try await harness.terminal.waitFor("payment 7 cancelled at the acquirer")
            try await harness.terminal.waitFor("\rscanbridge# ")
            #expect(harness.host.calls.withLock { $0.cancelled } == [7])
            #expect(harness.host.audit.contains { $0.action == "pay cancel" && $0.key == "attempt 7" })

            try await harness.run("set log.level debug")
            try await harness.run("commit")
            try harness.terminal.enter("factory-reset")
            try await harness.terminal.waitFor("Type FACTORY RESET to confirm: ")
            try harness.terminal.enter("yes")
            try await harness.terminal.waitFor("not confirmed")
            #expect(harness.store.settings.log.level == "debug")
            try harness.terminal.enter("factory-reset")
            try await harness.terminal.waitFor("Type FACTORY RESET to confirm: ")
            try harness.terminal.enter("FACTORY RESET")
            try await harness.terminal.waitFor("restarting the agent")
            try await harness.terminal.waitFor("\rscanbridge> ")
            #expect(harness.store.settings.log.level == "info")
            #expect(harness.host.calls.withLock { $0.restarts } == 1)
            await harness.stop()
        }

        @Test("with no PIN configured, the first change asks for a new one")
        func firstPin() async throws {
            let harness = try ConsoleHarness(withPins: false)
            try await harness.start()
            try harness.terminal.enter("test led green")
            try await harness.terminal.waitFor("no console PIN is set yet")
            try await harness.terminal.waitFor("New PIN: ")
            try harness.terminal.enter("12")
            try await harness.terminal.waitFor("4 to 12 digits")
            try harness.terminal.enter("test led green")
            try await harness.terminal.waitFor("New PIN: ")
            try harness.terminal.enter("5555")
            try await harness.terminal.waitFor("New PIN again: ")
            try harness.terminal.enter("5555")
            try await harness.terminal.waitFor("console PIN saved")
            try await harness.terminal.waitFor("green on, then off")
            #expect(harness.store.settings.console.pinHash != nil)
            #expect(harness.host.audit.contains { $0.action == "passwd" && $0.new == "<redacted>" })
            await harness.stop()
        }
    }
}
