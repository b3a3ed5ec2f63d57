import Antom
import PaymentModel
import AntomSimulator
import Foundation
import Journal
import ScannerSimulator
import Testing
import TestSupport

/// `scanbridge run --config FILE` as systemd runs it: settings from a provisioning file, the
/// sim board, a fixed price, a real pty scanner and the simulator over HTTP. A SIGTERM while a
/// customer confirms on the phone stops the agent cleanly (exit 0) with the payment unfinished
/// in the journal; the next start finishes it.
@Suite("scanbridge run end to end", .serialized)
struct RunEndToEndTests {
    @Test func runsFromItsConfigurationAndSurvivesSIGTERMMidPayment() async throws {
        let box = try BoxFiles()
        defer { box.remove() }
        let directory = box.directory
        let simulator = try box.simulator(passwordInquiries: 3)
        let port = try await simulator.start()
        let scanner = try ScriptedScanner()
        // a box at a car park: every code pays 12.50
        let config = try box.writeRunConfiguration(scanner: scanner.path, acquirerPort: port, amount: "12.50", extra: [
            "settlement.inquiry-interval = 1s",
            "metrics.directory = \(directory)",
            "log.level = warning",
            "log.file = \(directory)/agent.log",
        ])

        let binary = try scanbridgeBinary()
        func start() throws -> Process {
            let agent = Process()
            agent.executableURL = binary
            agent.arguments = ["run", "--config", config, "--console-layer", directory + "/console.conf"]
            agent.standardOutput = FileHandle.nullDevice
            try agent.run()
            return agent
        }
        func code(_ suffix: String) -> String { "28100102" + (0..<14).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix }
        func ledger() async -> LedgerSnapshot { await simulator.ledger.snapshot() }

        var agent = try start()
        #expect(await eventually { await ledger().warmups > 0 }, "the agent warms its acquirer connection at start")
        try scanner.scan(code("00"), aim: "]C0")
        #expect(await eventually { await ledger().payments.filter { $0.status == "SUCCESS" }.count == 1 })

        let waiting = code("01")
        try scanner.scan(waiting, aim: "]Q1")
        #expect(await eventually { await ledger().payments.contains { $0.status == "PROCESSING" } }, "the customer is confirming on the phone")
        agent.terminate()  // SIGTERM
        #expect(await exitStatus(of: agent) == 0, "a SIGTERM ends the agent cleanly")

        let journal = try Journal(path: directory + "/journal.sqlite")
        #expect(try await journal.unfinished().count == 1, "the payment in progress stays in the journal")
        agent = try start()
        #expect(await eventually(seconds: 30) { await ledger().payments.filter { $0.status == "SUCCESS" }.count == 2 })
        #expect(await eventually { (try? await journal.unfinished().isEmpty) == true }, "the restart finished it")
        #expect(try await journal.counts()[.succeeded] == 2)
        agent.terminate()
        #expect(await exitStatus(of: agent) == 0)
        // The exporter writes once more on the way out.
        let metrics = try? String(contentsOfFile: directory + "/scanbridge.prom", encoding: .utf8)
        #expect(metrics?.contains("scanbridge_payments_total{outcome=\"succeeded\"} 1") == true, "\(metrics ?? "no metrics file")")
        #expect(metrics?.contains("scanbridge_queue_depth 0") == true)
        #expect(metrics?.contains("scanbridge_outputs_down 0") == true)
        let logFile = (try? String(contentsOfFile: directory + "/agent.log", encoding: .utf8)) ?? ""
        #expect(logFile.contains("warning scanbridge.console:"), "log.file is written at log.level: \(logFile.prefix(300))")
        #expect(!logFile.contains(" info "), "nothing below warning")
        #expect(await ledger().ordersPaidMoreThanOnce.isEmpty)
        await simulator.stop()
    }

    /// Two ways a SIGTERM went wrong. The acquirer keep-warm loop ignored graceful shutdown, so
    /// every stop waited out the 15 s grace. And the scanner stops first and its stream ending used to end the payment flow before the
    /// flow's own turn; the service group counted that as a failure and the agent exited 1 on a
    /// plain SIGTERM, now and then (one soak run in three; too rare to force here, so this checks
    /// the contract over many stops with scans still arriving).
    @Test func everySIGTERMExitsZero() async throws {
        let box = try BoxFiles()
        defer { box.remove() }
        let simulator = try box.simulator()
        let port = try await simulator.start()
        var statuses: [Int32] = []
        var slowest = Duration.zero
        for round in 0..<10 {
            let scanner = try ScriptedScanner()
            let agent = try box.startAgent(scanner: scanner.path, acquirer: "http://127.0.0.1:\(port)", journal: box.directory + "/journal.sqlite")
            let paid = await simulator.ledger.snapshot().payments.count
            // The agent is up once a scan gets through; scans before it opened the port are lost,
            // and each try is a fresh code (a repeat inside the duplicate window is ignored).
            var tries = 0
            #expect(await eventually {
                tries += 1
                try? scanner.scan("281001" + String(format: "%06d%010d", round, tries) + "00", aim: "]C0")
                try? await Task.sleep(for: .milliseconds(100))
                return await simulator.ledger.snapshot().payments.count > paid
            })
            for extra in 0..<5 { try? scanner.scan("281002" + String(format: "%06d%010d", round, extra) + "00", aim: "]C0") }
            let stopping = ContinuousClock.now
            agent.terminate()
            statuses.append(await exitStatus(of: agent))
            slowest = max(slowest, ContinuousClock.now - stopping)
        }
        #expect(statuses.allSatisfy { $0 == 0 }, "exit statuses: \(statuses)")
        // Not a speed goal: a service ignoring the shutdown shows as the group's 15 s grace running out.
        #expect(slowest < .seconds(10), "a stop waited \(slowest): some service ignored the graceful shutdown")
        await simulator.stop()
    }
}
