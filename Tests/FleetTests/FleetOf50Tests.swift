import Fleet
import Foundation
import Testing
import TestSupport

/// Fifty agent processes on one broker (one simulator, one key pair, a journal and settings
/// each): `scanbridge-fleet status` lists all fifty online, and a SIGKILLed box shows offline
/// at once (the kernel closes its socket), and a frozen one within 1.5 × its keepalive.
@Suite("A fleet of fifty", .serialized)
struct FleetOf50Tests {
    @Test func fiftyBoxesAreListedAndAKilledOneGoesOffline() async throws {
        let count = 50
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let files = try BoxFiles()
        defer { files.remove() }
        let simulator = try files.simulator()
        let port = try await simulator.start()
        let base = try String(contentsOfFile: try files.writeRunConfiguration(scanner: files.directory + "/no-scanner", acquirerPort: port),
                              encoding: .utf8)
        var agents: [Process] = []
        defer { for agent in agents where agent.isRunning { kill(agent.processIdentifier, SIGKILL) } }
        for index in 1...count {
            let directory = files.directory + "/box-\(index)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let lines = base.split(separator: "\n").map { line in
                line.hasPrefix("journal.path") ? "journal.path = \(directory)/journal.sqlite" : String(line)
            } + ["fleet.enabled = true", "fleet.broker = mqtt://127.0.0.1:\(broker.port)", "fleet.box-id = BOX-\(index)",
                 "fleet.keepalive = 5s", "log.level = warning", "log.file = \(directory)/agent.log"]
            try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/scanbridge.conf", atomically: true, encoding: .utf8)
            let agent = Process()
            agent.executableURL = try scanbridgeBinary()
            agent.arguments = ["run", "--config", directory + "/scanbridge.conf", "--console-layer", directory + "/console.conf"]
            agent.standardOutput = FileHandle.nullDevice
            agent.standardError = FileHandle.nullDevice
            try agent.run()
            agents.append(agent)
        }
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/status"])
        func online() -> Set<String> {
            var latest: [String: Bool] = [:]
            for payload in office.messages.map(\.payload) {
                if let report = StatusReport.parse(Array(payload.utf8)) { latest[report.box] = report.online }
            }
            return Set(latest.filter(\.value).keys)
        }
        #expect(await eventually(seconds: 120, every: .milliseconds(200)) { online().count == count }, "online: \(online().count)")

        let tool = Process()
        tool.executableURL = try builtExecutable("scanbridge-fleet")
        tool.arguments = ["status", "--broker", "mqtt://127.0.0.1:\(broker.port)"]
        let pipe = Pipe()
        tool.standardOutput = pipe
        try tool.run()
        #expect(await exitStatus(of: tool) == 0)
        let table = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(table.contains("\(count) box(es), \(count) online"), "\(table.suffix(300))")
        for index in 1...count { #expect(table.contains("\nBOX-\(index) "), "BOX-\(index) is listed") }

        let killed = ContinuousClock.now
        kill(agents[6].processIdentifier, SIGKILL)
        #expect(await eventually(seconds: 15) { !online().contains("BOX-7") })
        let shown = ContinuousClock.now - killed
        #expect(shown <= .milliseconds(7_500 + 500), "BOX-7 offline after \(shown)")
        #expect(online().count == count - 1)

        // A frozen box (SIGSTOP: its socket stays open, as with a box whose power or Wi-Fi went)
        // is found by the keepalive alone: offline after 1 to 1.5 keepalives, back when it thaws.
        let frozen = ContinuousClock.now
        kill(agents[7].processIdentifier, SIGSTOP)
        #expect(await eventually(seconds: 15) { !online().contains("BOX-8") })
        let noticed = ContinuousClock.now - frozen
        // Mosquitto 2.0 looks at keepalives about once a second: 1.5 × 5 s, plus that, plus our
        // poll (8.0 s measured alone; scripts/test runs this suite alone for that reason).
        #expect(noticed >= .seconds(4) && noticed <= .milliseconds(7_500 + 2_000), "BOX-8 offline after \(noticed)")
        kill(agents[7].processIdentifier, SIGCONT)
        #expect(await eventually(seconds: 40) { online().contains("BOX-8") }, "a thawed box reconnects and says so")
        print("fleet: SIGKILLed box offline after \(shown), frozen box after \(noticed) (keepalive 5 s)")
        for agent in agents where agent.isRunning { agent.terminate() }
        for agent in agents { _ = await exitStatus(of: agent) }
        await office.stop()
        await simulator.stop()
    }
}
