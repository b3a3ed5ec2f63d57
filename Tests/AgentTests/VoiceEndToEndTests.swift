import Foundation
import Money
import ScannerSimulator
import Testing
import TestSupport
import Voice

/// Issue 18 through `scanbridge run`: the agent process speaks each result on the real ALSA path
/// (libasound's file plugin), and a sound device that blocks, or a pack that is refused, costs
/// the voice and never a payment.
extension RunEndToEndTests {
    @Suite("scanbridge run with a voice", .serialized)
    struct VoiceEndToEndTests {
        struct Run {
            let box: BoxFiles
            let agent: Process
            let scanner: ScriptedScanner
            let paid: @Sendable () async -> Int
            /// Pays the acquirer has seen, whatever their state.
            let sent: @Sendable () async -> Int
            let stop: @Sendable () async -> Void
        }

        /// Starts a simulator and `scanbridge run` (2.50 USD fixed, English voice) with `voice`
        /// lines added to its configuration.
        func start(_ box: BoxFiles, voice: [String]) async throws -> Run {
            let simulator = try box.simulator()
            let port = try await simulator.start()
            let scanner = try ScriptedScanner()
            let config = try box.writeRunConfiguration(
                scanner: scanner.path, acquirerPort: port, amount: "2.50",
                extra: ["metrics.directory = \(box.directory)", "voice.enabled = true", "voice.locale = en"] + voice)
            FileManager.default.createFile(atPath: box.directory + "/agent.log", contents: nil)
            let agent = Process()
            agent.executableURL = try scanbridgeBinary()
            agent.arguments = ["run", "--config", config, "--console-layer", box.directory + "/console.conf"]
            agent.standardOutput = FileHandle.nullDevice
            agent.standardError = FileHandle(forWritingAtPath: box.directory + "/agent.log")
            try agent.run()
            return Run(box: box, agent: agent, scanner: scanner,
                       paid: { await simulator.ledger.snapshot().payments.filter { $0.status == "SUCCESS" }.count },
                       sent: { await simulator.ledger.snapshot().payments.count },
                       stop: { await simulator.stop() })
        }

        /// Scans a code until its pay reaches the acquirer. A read before the agent has opened
        /// its port is flushed at the open and lost (seen with fifty fleet agents starting beside
        /// these tests); the repeats fall inside the duplicate window and are ignored.
        func scanUntilSent(_ run: Run, _ code: String) async throws {
            let before = await run.sent()
            for _ in 0..<60 {
                try run.scanner.scan(code, aim: "]C0")
                if await eventually(seconds: 0.5, { await run.sent() > before }) { return }
            }
        }

        func metrics(_ box: BoxFiles) -> String { (try? String(contentsOfFile: box.directory + "/scanbridge.prom", encoding: .utf8)) ?? "" }

        @Test func eachResultIsSaidSampleForSample() async throws {
            let box = try BoxFiles()
            defer { box.remove() }
            let pack = try SyntheticPack(locales: [.english], in: box.directory)
            let out = box.directory + "/speaker.raw"
            let run = try await start(box, voice: ["voice.packs = \(pack.root)", "voice.device = file:'\(out)',raw", "voice.volume = 100"])
            defer { if run.agent.isRunning { run.agent.interrupt() } }

            try await scanUntilSent(run, BoxFiles.code("00"))
            #expect(await eventually { await run.paid() == 1 })
            try run.scanner.scan("HELLO-NOT-A-CODE", aim: "]Q1")
            let paid = SyntheticPack.expected(.paid(amount: try Money(parsing: "2.50", currency: Currency(code: "USD")), wallet: "SIMWALLET"), .english)
            let expected = (paid + SyntheticPack.expected(.notPaymentCode, .english)).littleEndianBytes
            func played() -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))) ?? [] }
            #expect(await eventually { played().count >= expected.count })
            #expect(played() == expected, "\(played().count) bytes played, \(expected.count) expected")
            #expect(await eventually { self.metrics(box).contains("scanbridge_voice_start_seconds_count 2") }, "\(metrics(box))")
            #expect(metrics(box).contains("scanbridge_outputs_down 0"))
            #expect(await eventually { self.metrics(box).contains("scanbridge_voice_phrases_total 2") }, "\(metrics(box))")
            run.agent.terminate()
            #expect(await exitStatus(of: run.agent) == 0)
            await run.stop()
        }

        @Test func aBlockedSoundDeviceNeverDelaysAPayment() async throws {
            let box = try BoxFiles()
            defer { box.remove() }
            let pack = try SyntheticPack(locales: [.english], in: box.directory)
            let fifo = box.directory + "/nobody-reads.fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            let run = try await start(box, voice: ["voice.packs = \(pack.root)", "voice.device = file:'\(fifo)',raw"])
            defer { if run.agent.isRunning { run.agent.interrupt() } }

            // The speaker's thread is stuck in libasound (opening a FIFO nobody reads) from the start.
            for payment in 1...5 {
                let scanned = ContinuousClock.now
                try await scanUntilSent(run, BoxFiles.code("00"))
                #expect(await eventually { await run.paid() == payment }, "payment \(payment)")
                #expect(ContinuousClock.now - scanned < .seconds(3), "payment \(payment) took \(ContinuousClock.now - scanned)")
            }
            #expect(await eventually { self.metrics(box).contains("scanbridge_outputs_down 1") }, "\(metrics(box))")
            #expect(metrics(box).contains("scanbridge_payments_total{outcome=\"succeeded\"} 5"))
            #expect(box.log.contains("voice down") && box.log.contains("device stalled"), "\(box.log)")
            // A stop does not wait for the stuck thread.
            let stopping = ContinuousClock.now
            run.agent.terminate()
            #expect(await exitStatus(of: run.agent) == 0)
            #expect(ContinuousClock.now - stopping < .seconds(5))
            await run.stop()
        }

        @Test func aPackMissingAClipIsRefusedByNameAndPaymentsGoOn() async throws {
            let box = try BoxFiles()
            defer { box.remove() }
            let pack = try SyntheticPack(locales: [.english], in: box.directory, leaving: "w.thousand")
            let run = try await start(box, voice: ["voice.packs = \(pack.root)", "voice.device = null"])
            defer { if run.agent.isRunning { run.agent.interrupt() } }

            try await scanUntilSent(run, BoxFiles.code("00"))
            #expect(await eventually { await run.paid() == 1 }, "\(box.log)")
            #expect(await eventually { self.metrics(box).contains("scanbridge_outputs_down 1") }, "\(metrics(box))")
            #expect(box.log.contains("the en pack has no clip \"w.thousand\""), "\(box.log)")
            run.agent.terminate()
            #expect(await exitStatus(of: run.agent) == 0)
            await run.stop()
        }
    }
}
