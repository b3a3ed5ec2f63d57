import Antom
import PaymentModel
import AntomSimulator
import Foundation
import ScannerSimulator
import Testing
import TestSupport

/// Issue 9: an indicator output that cannot be claimed, through `scanbridge run`. The board wires
/// amber to a gpiochip this machine does not have (CI has no GPIO at all): the real libgpiod
/// backend reports it, the agent logs it once, counts it in `scanbridge_outputs_down`, and
/// payments flow as before on the outputs that work.
// Nested in the `scanbridge run` suite, which is serialized: agent processes and their
// simulators one at a time, so the end-to-end tests do not crowd a two-core CI machine.
extension RunEndToEndTests {
    @Suite("scanbridge run with an output down", .serialized)
    struct DegradedBoardEndToEndTests {
        @Test func aMissingGPIOChipCostsOneLogLineAndAMetricNotThePayments() async throws {
            let box = try BoxFiles()
            defer { box.remove() }
            let directory = box.directory
            try FileManager.default.createDirectory(atPath: directory + "/boards", withIntermediateDirectories: true)
            let simulator = try box.simulator()
            let port = try await simulator.start()
            let scanner = try ScriptedScanner()
            try """
                {
                  "id": "bench",
                  "name": "Bench board, amber on a chip that is not there",
                  "buzzer": "active",
                  "outputs": {
                    "led.green": { "kind": "simulated" },
                    "led.red":   { "kind": "simulated" },
                    "led.amber": { "kind": "gpio", "chip": "pinctrl-not-here", "line": "GPIO22", "offset": 22 },
                    "buzzer":    { "kind": "simulated" }
                  },
                  "serial": { "scanner": "/dev/null", "console": "/dev/null" }
                }
                """.write(toFile: directory + "/boards/bench.json", atomically: true, encoding: .utf8)
            let config = try box.writeRunConfiguration(scanner: scanner.path, acquirerPort: port, amount: "2.50", board: "bench",
                                                       boardDirectory: directory + "/boards",
                                                       extra: ["metrics.directory = \(directory)", "log.level = warning"])
            FileManager.default.createFile(atPath: directory + "/agent.log", contents: nil)
            let agent = Process()
            agent.executableURL = try scanbridgeBinary()
            agent.arguments = ["run", "--config", config, "--console-layer", directory + "/console.conf"]
            agent.standardOutput = FileHandle.nullDevice
            agent.standardError = FileHandle(forWritingAtPath: directory + "/agent.log")
            try agent.run()
            defer { if agent.isRunning { agent.interrupt() } }
            func paid() async -> Int { await simulator.ledger.snapshot().payments.filter { $0.status == "SUCCESS" }.count }

            for payment in 1...3 {
                try scanner.scan("28100102" + (0..<14).map { _ in String(Int.random(in: 0...9)) }.joined() + "00", aim: "]C0")
                #expect(await eventually { await paid() == payment }, "payment \(payment)")
            }
            agent.terminate()
            #expect(await exitStatus(of: agent) == 0)
            await simulator.stop()

            let log = (try? String(contentsOfFile: directory + "/agent.log", encoding: .utf8)) ?? ""
            let down = log.split(separator: "\n").filter { $0.contains("indicator output down") }
            #expect(down.count == 1, "logged once, not per blink: \(log)")
            #expect(down.first?.contains("led.amber") == true)
            #expect(down.first?.contains("no gpiochip labelled") == true && down.first?.contains("pinctrl-not-here") == true, "\(down)")
            let metrics = (try? String(contentsOfFile: directory + "/scanbridge.prom", encoding: .utf8)) ?? ""
            #expect(metrics.contains("scanbridge_outputs_down 1"), "\(metrics)")
            #expect(metrics.contains("scanbridge_payments_needing_attention 0") && metrics.contains("scanbridge_refunds_unfinished 0"), "\(metrics)")
            #expect(metrics.contains("scanbridge_payments_total{outcome=\"succeeded\"} 3"), "\(metrics)")
        }
    }
}
