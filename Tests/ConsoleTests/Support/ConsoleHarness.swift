import Configuration
import Console
import FoundationEssentials
import Glibc
import Logging
import SerialIO
import TestSupport

/// A console service on a pty reached through a symlink (as a udev name would be), with its
/// configuration in a temporary directory and a fake host.
final class ConsoleHarness: @unchecked Sendable {  // driven by one test
    static let pin = "97531"
    static let supervisorPin = "86420"

    let directory: String
    let link: String
    let terminal: TechnicianTerminal
    let store: ConfigurationStore
    let host: FakeHost
    let clock = SteppingClock()
    let service: ConsoleService
    private var running: Task<Void, Error>?

    var consoleLayerPath: String { directory + "/console.conf" }

    init(host: FakeHost = FakeHost(), file: [String: String] = [:], withPins: Bool = true) throws {
        var template = Array("/tmp/scanbridge-console-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TerminalTimeout(expected: "mkdtemp", got: "") }
        directory = String(cString: made)
        link = directory + "/console"
        terminal = try TechnicianTerminal()
        guard symlink(terminal.slavePath, link) == 0 else { throw TerminalTimeout(expected: "symlink", got: "") }
        var values = file
        if withPins {
            values["console.pin-hash"] = try PinHasher.hash(Self.pin, iterations: 1000).text
            values["console.supervisor-pin-hash"] = try PinHasher.hash(Self.supervisorPin, iterations: 1000).text
        }
        let fileLayer = ConfigurationLayer(.file, origin: directory + "/scanbridge.conf", values: values)
        store = try ConfigurationStore(configuration: LayeredConfiguration(file: fileLayer), consoleLayerPath: directory + "/console.conf",
                                       validator: .agent)
        self.host = host
        service = try ConsoleService(host: host, store: store, port: link, lockout: Lockout(), clock: ConsoleClock(clock), pinIterations: 1000,
                                     logger: Logger(label: "test.console"))
    }

    /// Starts the service and waits for the banner.
    func start() async throws {
        let service = service
        running = Task { try await service.run() }
        try await terminal.waitFor("scanbridge> ")
    }

    func login() async throws {
        try terminal.enter("login")
        try await terminal.waitFor("PIN: ")
        try terminal.enter(Self.pin)
        try await terminal.waitFor("logged in")
        try await terminal.waitFor("\rscanbridge# ")
    }

    /// Runs a command and returns its output up to the next prompt.
    @discardableResult
    func run(_ line: String, crlf: Bool = false, prompt: String = "scanbridge") async throws -> String {
        try terminal.enter(line, crlf: crlf)
        // Every keystroke redraws the prompt; the command's output starts after the Enter's CRLF.
        try await terminal.waitFor("\r\n")
        return try await terminal.waitFor("\r" + prompt)
    }

    /// Hang-up, then a new pty behind the same name, as a replugged USB-gadget cable.
    /// The name moves to the new tty before the old one is freed: a freed pty number can go to
    /// another test's terminal at once, and a reopen through a stale name would take it over.
    func replug() throws {
        let old = try terminal.plugInNew()
        let staging = link + ".new"
        unlink(staging)
        guard symlink(terminal.slavePath, staging) == 0, rename(staging, link) == 0 else {
            throw TerminalTimeout(expected: "symlink", got: "")
        }
        old.close()
    }

    func stop() async {
        running?.cancel()
        _ = try? await running?.value
        try? FileManager.default.removeItem(atPath: directory)
    }
}
