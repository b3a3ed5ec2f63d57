import Antom
import PaymentModel
import AntomSimulator
import Glibc
import Journal
import ScannerSimulator

/// Everything the demo runs: keys, the acquirer simulator, the simulated scanner behind a
/// stable symlink, the agent process, and a read-only view of the agent's journal.
final class Stage: @unchecked Sendable {  // used from the demo's one task
    let directory: DemoDirectory
    let simulator: AntomSimulator
    /// The shop's internet: the agent reaches the acquirer through it.
    let network: NetworkLink
    var scanner: ScriptedScanner
    let link: String
    let agent: DemoProcess
    var journal: Journal?
    /// Steps that did not end as the story says; the demo fails on any.
    private(set) var misses: [String] = []
    let speech: Speech
    /// Transcript lines already told.
    private var spoken = 0

    /// How the box speaks in the demo: aloud on the machine's sound card, or into ALSA's null
    /// device with the words written out.
    struct Speech: Sendable {
        var packs: String
        var locale: String
        var device: String
        var aloud: Bool
    }

    var transcriptPath: String { directory.path + "/voice.txt" }

    /// Tells what the box said since the last step.
    func narrateSpeech(_ narrator: Narrator) {
        let lines = (try? String(decoding: readAll(transcriptPath), as: UTF8.self).split(separator: "\n").map(String.init)) ?? []
        for line in lines.dropFirst(spoken) { narrator.result("🔊 \(speech.aloud ? "says" : "would say"): “\(line)”") }
        spoken = lines.count
    }

    var acquirerURL: String { "http://127.0.0.1:\(network.port)" }

    private init(directory: DemoDirectory, simulator: AntomSimulator, network: NetworkLink,
                 scanner: ScriptedScanner, link: String, agent: DemoProcess, speech: Speech) {
        self.speech = speech
        self.directory = directory
        self.simulator = simulator
        self.network = network
        self.scanner = scanner
        self.link = link
        self.agent = agent
    }

    static func build(in directory: DemoDirectory, board: String, speech: Speech, fleetBroker: String? = nil) async throws -> Stage {
        let boxKey = directory.path + "/box.pem", simKey = directory.path + "/antom-sim.pem"
        let boxPublic = try KeyGenerator.generate(writingTo: boxKey)
        let simPublic = try KeyGenerator.generate(writingTo: simKey)
        try directory.write("antom-sim.pub.pem", simPublic.pem)
        var configuration = SimulatorConfiguration(
            signingKey: try RSAPrivateKey(contentsOfFile: simKey), boxPublicKey: try RSAPublicKey(text: boxPublic.pem),
            passwordInquiries: 2, slowResponseDelay: .seconds(1))
        configuration.walletName = "ALIPAYCN"  // so the box says "via Alipay"
        let simulator = try AntomSimulator(configuration: configuration)
        let network = try NetworkLink(target: try await simulator.start())
        let scanner = try ScriptedScanner()
        let link = directory.path + "/scanner"
        try directory.link(link, to: scanner.path)
        let agent = DemoProcess(executable: try DemoProcess.siblingExecutable("scanbridge"), arguments: [
            "demo-agent", "--scanner", link, "--acquirer", "http://127.0.0.1:\(network.port)", "--key", boxKey,
            "--acquirer-key", directory.path + "/antom-sim.pub.pem", "--journal", directory.path + "/journal.sqlite",
            "--board", board, "--indicators-file", directory.path + "/indicators.jsonl", "--terminal", "--log-level", "critical",
            "--voice-packs", speech.packs, "--voice-locale", speech.locale, "--voice-device", speech.device,
            "--voice-transcript", directory.path + "/voice.txt",
        ] + (fleetBroker.map { ["--fleet-broker", $0] } ?? []))
        try directory.write("voice.txt", "")
        return Stage(directory: directory, simulator: simulator, network: network, scanner: scanner, link: link, agent: agent, speech: speech)
    }

    /// The agent is ready once it has warmed its acquirer connection.
    func waitUntilReady() async throws {
        try await wait("the agent to start", timeout: .seconds(30)) { await self.simulator.ledger.snapshot().warmups > 0 }
        journal = try Journal(path: directory.path + "/journal.sqlite")
    }

    /// Cuts the shop's internet, and brings it back.
    func acquirerDown() { network.cut() }

    func acquirerUp() throws { try network.restore() }

    /// All attempts in the journal, by state.
    func counts() async -> [AttemptState: Int] {
        (try? await journal?.counts()) ?? [:]
    }

    func attempts() async -> Int { await counts().values.reduce(0, +) }

    /// Waits for `count` attempts, all final; returns the state of the newest. Both come from one
    /// query: read apart, "none unfinished" could predate an attempt that "count" already sees.
    func settled(_ count: Int, timeout: Duration = .seconds(30)) async throws -> AttemptState? {
        try await wait("the payment to settle", timeout: timeout) {
            let counts = await self.counts()
            return counts.values.reduce(0, +) >= count && counts.allSatisfy { $0.key.isFinal || $0.value == 0 }
        }
        return try await journal?.attempt(Int64(count)).state
    }

    /// Waits for attempt `number` to settle and tells how it ended; a different end is a miss.
    func expect(_ expected: AttemptState, from number: Int, _ narrator: Narrator) async throws {
        let state = try await settled(number)
        narrator.result(DemoScript.describe(state))
        if state != expected { miss("payment \(number) ended \(state?.rawValue ?? "nowhere"), expected \(expected.rawValue)") }
    }

    func miss(_ what: String) {
        misses.append(what)
        Narrator.shout("  ✘ \(what)")
    }

    func wait(_ what: String, timeout: Duration, until condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DemoError("timed out waiting for \(what)")
    }

    func summary(_ narrator: Narrator) async throws {
        let counts = await counts()
        let lines = (try? String(decoding: readAll(directory.path + "/indicators.jsonl"), as: UTF8.self).split(separator: "\n").count) ?? 0
        narrator.say("")
        narrator.say("summary: \(counts[.succeeded] ?? 0) paid, \(counts[.declined] ?? 0) declined, \(counts[.failed] ?? 0) failed, "
                     + "\(counts[.cancelled] ?? 0) cancelled, \(counts[.expired] ?? 0) expired, "
                     + "\((try? await journal?.unfinished().count) ?? 0) unfinished; \(lines) indicator writes logged")
    }
}

func readAll(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "r") else { throw DemoError("cannot read \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[..<count]
    }
    return bytes
}

/// Lines of the story, printed over the agent's LED line.
struct Narrator: Sendable {
    let pace: Duration

    func say(_ text: String) { emit("\r\u{1B}[2K\(text)\n") }
    func step(_ title: String) { emit("\r\u{1B}[2K\n\u{1B}[1m▶ \(title)\u{1B}[0m\n") }
    func result(_ text: String) { emit("\r\u{1B}[2K  → \(text)\n") }

    /// On stderr, so a failed step shows even where stdout is not read.
    static func shout(_ text: String) {
        var bytes = Array("\r\u{1B}[2K\(text)\n".utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
