import Configuration
import Console
import Testing

/// Issue 9: the console cable pulled mid-command. A new cable is a new person: the half line
/// never runs, the login and the staged changes are gone, and nothing meant for the last
/// technician reaches the next one.
extension ConsolePTYTests {
    @Suite("Console cable pulled", .serialized)
    struct ConsoleHangUpTests {
        @Test("pulled during a waiting command: it stops, the next cable gets a logged-out prompt at once and none of the old output")
        func hangUpDuringAWaitingCommand() async throws {
            let harness = try ConsoleHarness()  // the fake host's `test scan` waits 30 s for a read
            try await harness.start()
            try await harness.login()
            try await harness.run("set log.level debug")
            try await harness.run("commit")
            try harness.terminal.enter("set scanner.baud 9600")
            try await harness.terminal.waitFor("scanbridge*# ")
            try harness.terminal.enter("test scan")
            try await harness.terminal.waitFor("Ctrl-C stops")
            try harness.replug()
            let mark = harness.terminal.transcript.count
            // Well inside the command's 30 s: the hang-up stopped it.
            try await harness.terminal.waitFor("scanbridge console on", timeout: .seconds(10))
            try await harness.terminal.waitFor("scanbridge> ")
            let status = try await harness.run("status", prompt: "scanbridge> ")
            #expect(status.contains("console   read-only"))
            let seen = String(harness.terminal.transcript.dropFirst(mark))
            #expect(!seen.contains("scanbridge#") && !seen.contains("scanbridge*"), "the old session's prompt leaked: \(seen.debugDescription)")
            #expect(!seen.contains("no read"), "the old command's result leaked: \(seen.debugDescription)")
            #expect(try await harness.run("diff", prompt: "scanbridge> ").contains("no staged changes"))

            // The committed change stays and is audited once; the staged one is neither applied nor audited.
            #expect(harness.store.settings.log.level == "debug")
            #expect(harness.store.settings.scanner.baudRate == nil)
            #expect(harness.host.audit.map(\.action) == ["set"])
            #expect(harness.host.audit.map(\.key) == ["log.level"])
            await harness.stop()
        }

        @Test("pulled while typing the PIN: the half PIN is neither kept nor counted, and the next cable starts at the prompt")
        func hangUpWhileTypingThePin() async throws {
            let harness = try ConsoleHarness()
            try await harness.start()
            try harness.terminal.enter("set scanner.baud 9600")
            try await harness.terminal.waitFor("PIN: ")
            try harness.terminal.type(String(ConsoleHarness.pin.prefix(3)))
            try harness.replug()
            try await harness.terminal.waitFor("scanbridge console on")
            try await harness.terminal.waitFor("scanbridge> ")
            // The rest of the PIN on the new cable is an ordinary (unknown) command, not a login.
            let rest = try await harness.run(String(ConsoleHarness.pin.dropFirst(3)), prompt: "scanbridge> ")
            #expect(!rest.contains("logged in"))
            #expect(!rest.contains("wrong PIN"))
            #expect(harness.store.settings.scanner.baudRate == nil)
            #expect(harness.host.audit.isEmpty, "no lockout, no change: \(harness.host.audit)")
            #expect(!harness.terminal.transcript.contains(ConsoleHarness.pin), "a PIN is never echoed")
            // And the whole PIN still works afterwards (nothing was counted against it).
            try await harness.login()
            await harness.stop()
        }
    }
}
