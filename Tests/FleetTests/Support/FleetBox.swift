import AntomSimulator
import Foundation
import Journal
import ScannerSimulator
import TestSupport

/// A box as `scanbridge run` runs it, with its uplink pointed at a test broker: the simulator
/// answers its payments, a pty is its scanner, its journal and log are in a temporary directory.
final class FleetBox: @unchecked Sendable {  // driven by one test
    let files: BoxFiles
    let simulator: AntomSimulator
    let scanner: ScriptedScanner
    let config: String
    let boxID: String
    private(set) var agent: Process?

    init(brokerPort: UInt16, boxID: String = "BOX-1", keepalive: String = "5s", extra: [String] = []) async throws {
        files = try BoxFiles()
        simulator = try files.simulator()
        let port = try await simulator.start()
        scanner = try ScriptedScanner()
        self.boxID = boxID
        config = try files.writeRunConfiguration(scanner: scanner.path, acquirerPort: port, extra: [
            "metrics.directory = \(files.directory)",
            "log.level = info",
            "log.file = \(files.directory)/agent.log",
            "fleet.enabled = true",
            "fleet.box-id = \(boxID)",
            "fleet.keepalive = \(keepalive)",
        ] + (extra.contains { $0.hasPrefix("fleet.broker") } ? [] : ["fleet.broker = mqtt://127.0.0.1:\(brokerPort)"]) + extra)
    }

    /// A test that throws before `remove()` must not leave its agent running: an orphaned
    /// agent keeps reopening its scanner's pty path, which the next test's pty reuses (it read
    /// another suite's scans), and keeps its box id on whatever broker takes the port next.
    deinit {
        if let agent, agent.isRunning {
            Glibc.kill(agent.processIdentifier, SIGKILL)
            agent.waitUntilExit()
        }
        files.remove()
    }

    var journalPath: String { files.directory + "/journal.sqlite" }
    /// What the agent wrote to stderr: a crash's last words.
    var stderr: String { (try? String(contentsOfFile: files.directory + "/agent.stderr", encoding: .utf8)) ?? "" }
    var log: String { (try? String(contentsOfFile: files.directory + "/agent.log", encoding: .utf8)) ?? "" }
    var metrics: String { (try? String(contentsOfFile: files.directory + "/scanbridge.prom", encoding: .utf8)) ?? "" }

    func start() throws {
        let agent = Process()
        agent.executableURL = try scanbridgeBinary()
        agent.arguments = ["run", "--config", config, "--console-layer", files.directory + "/console.conf"]
        agent.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: files.directory + "/agent.stderr", contents: nil)
        agent.standardError = FileHandle(forWritingAtPath: files.directory + "/agent.stderr")
        try agent.run()
        self.agent = agent
    }

    /// SIGKILL: no clean disconnect, no last words.
    func kill() async {
        guard let agent else { return }
        Glibc.kill(agent.processIdentifier, SIGKILL)
        _ = await exitStatus(of: agent)
        self.agent = nil
    }

    /// SIGTERM, and the exit status.
    func stop() async -> Int32? {
        guard let agent else { return nil }
        agent.terminate()
        let status = await exitStatus(of: agent)
        self.agent = nil
        return status
    }

    /// Pays `count` codes one after the other, each waiting for its success at the simulator;
    /// returns false when one did not get through within the bound.
    func pay(_ count: Int) async -> Bool {
        for _ in 0..<count {
            let paid = await succeeded()
            var tries = 0
            // A scan before the agent opened its port is lost: try again with a fresh code.
            let ok = await eventually(seconds: 20, every: .milliseconds(20)) {
                if tries % 50 == 0 { try? scanner.scan(BoxFiles.code("00"), aim: "]C0") }
                tries += 1
                return await succeeded() > paid
            }
            if !ok { return false }
        }
        return true
    }

    func succeeded() async -> Int {
        await simulator.ledger.snapshot().payments.filter { $0.status == "SUCCESS" }.count
    }

    func paidRequestIDs() async -> Set<String> {
        Set(await simulator.ledger.snapshot().payments.filter { $0.status == "SUCCESS" }.map(\.paymentRequestId))
    }

    func openJournal() throws -> Journal { try Journal(path: journalPath) }

    func remove() async {
        if let agent { Glibc.kill(agent.processIdentifier, SIGKILL); _ = await exitStatus(of: agent) }
        await simulator.stop()
        files.remove()
    }
}
