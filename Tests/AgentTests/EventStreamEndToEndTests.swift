import Agent
import Antom
import AntomSimulator
import Events
import Foundation
import Indicators
import Logging
import PaymentModel
import POSLink
import ScannerSimulator
import Settlement
import Synchronization
import Testing
import TestSupport

/// Issue 16: a new output is a listener plus one line in `Agent`. These two outputs exist only
/// in this test target; they are given to the agent the way `Agent` lists its own (through
/// `AgentConfiguration.outputs`), and the agent runs in-process against the simulator on a pty.
extension RunEndToEndTests {
    @Suite("event stream: outputs on their own buffers", .serialized)
    struct EventStreamEndToEndTests {
        /// Keeps what it hears.
        final class Recorder: EventListener {
            let name = "recorder"
            let heard = Mutex<[AgentEvent]>([])
            /// When each success arrived here.
            let paidAt = Mutex<[ContinuousClock.Instant]>([])
            func receive(_ event: AgentEvent) async {
                heard.withLock { $0.append(event) }
                if case .payment(let payment) = event, case .succeeded = payment.kind { paidAt.withLock { $0.append(.now) } }
            }
            var paid: [PaymentEvent] {
                heard.withLock { $0 }.compactMap { event in
                    if case .payment(let payment) = event, case .succeeded = payment.kind { return payment }
                    return nil
                }
            }
        }

        /// Stops dead on its first event: either suspended until released (an output awaiting a
        /// speaker or a broker that never answers), or holding its thread in a blocking call for
        /// 10 s (an output doing blocking I/O where it should not).
        final class Stuck: EventListener {
            enum Mode { case suspended, threadBlocked(seconds: UInt32) }
            let name = "stuck"
            let buffer = 4
            let mode: Mode
            let received = Atomic<Int>(0)
            let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
            let released = Atomic<Bool>(false)
            let returned = Atomic<Bool>(false)
            init(_ mode: Mode) { self.mode = mode }
            func receive(_ event: AgentEvent) async {
                guard received.add(1, ordering: .relaxed).newValue == 1 else { return }
                defer { returned.store(true, ordering: .relaxed) }
                switch mode {
                case .threadBlocked(let seconds):
                    // At least `seconds`, and on until the test has seen every payment and
                    // released it: on a loaded machine 8 payments once took longer than 10 s,
                    // and a thread that woke early proved nothing.
                    let start = ContinuousClock.now
                    while !(released.load(ordering: .relaxed) && ContinuousClock.now - start >= .seconds(Int(seconds))),
                          ContinuousClock.now - start < .seconds(120) {
                        usleep(10_000)
                    }
                case .suspended:
                    await withCheckedContinuation { continuation in
                        gate.withLock { $0 = continuation }
                        if released.load(ordering: .relaxed) { gate.withLock { $0.take() }?.resume() }
                    }
                }
            }
            var isStillStuck: Bool { !returned.load(ordering: .relaxed) }
            var count: Int { received.load(ordering: .relaxed) }
            func release() {
                released.store(true, ordering: .relaxed)
                gate.withLock { $0.take() }?.resume()
            }
        }

        struct Box {
            let files: BoxFiles
            let simulator: AntomSimulator
            let scanner: ScriptedScanner
            let agent: Agent
            let running: Task<Void, any Error>
        }

        func start(outputs: [any EventListener], files: BoxFiles) async throws -> Box {
            let simulator = try files.simulator()
            let port = try await simulator.start()
            let scanner = try ScriptedScanner()
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            var part = AgentConfiguration.AcquirerPart(
                client: AntomConfiguration(
                    transport: TransportConfiguration(baseURL: "http://127.0.0.1:\(port)", connectTimeout: .seconds(1)),
                    clientID: "SANDBOX_EVENTS",
                    merchant: MerchantProfile(referenceMerchantId: "M-EV", merchantName: "Events Cafe", merchantMCC: "5812",
                                              referenceStoreId: "S-EV", storeName: "Events Cafe", storeMCC: "5812", storeTerminalId: "BOX-EV"),
                    payTimeout: .seconds(5), callTimeout: .seconds(5)),
                privateKeyPath: files.directory + "/box.pem", acquirerPublicKeyPath: files.directory + "/sim.pub.pem")
            part.client.payTimeout = .seconds(5)
            var indicators = AgentConfiguration.IndicatorPart(board: try BoardProfile.load(path: repository.path + "/boards/sim.json"))
            indicators.simulationFile = files.directory + "/indicators.jsonl"
            var configuration = AgentConfiguration(
                scanner: .init(location: .path(scanner.path), profile: .honeywell), acquirer: part,
                journalPath: files.directory + "/journal.sqlite", policy: SettlementPolicy(), indicators: indicators,
                amountSource: .fixed(FixedSourceSettings(amount: "4.20", currency: "SGD")))
            configuration.outputs = outputs
            configuration.shutdownGrace = .seconds(5)
            var logger = Logger(label: "test.agent")
            logger.logLevel = .warning
            let agent = try Agent(configuration: configuration, logger: logger)
            let running = Task { try await agent.run() }
            return Box(files: files, simulator: simulator, scanner: scanner, agent: agent, running: running)
        }

        static func code() -> String { "28100102" + (0..<14).map { _ in String(Int.random(in: 0...9)) }.joined() + "00" }

        /// Scans `count` codes, one after another, and returns each one's scan-to-paid time as the
        /// recorder (another output) heard it.
        func pay(_ count: Int, on box: Box, recorder: Recorder) async throws -> [Duration] {
            var times: [Duration] = []
            for n in 1...count {
                let started = ContinuousClock.now
                try box.scanner.scan(Self.code(), aim: "]Q1")
                #expect(await eventually { recorder.paid.count >= n }, "payment \(n)")
                if let arrived = recorder.paidAt.withLock({ $0.last }) { times.append(arrived - started) }
                // The duplicate window and the fixed price re-arming are not what is measured.
                try await Task.sleep(for: .milliseconds(200))
            }
            return times
        }

        static func median(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }

        @Test func aNewOutputHearsEveryPaymentWithItsAmountAndWallet() async throws {
            let files = try BoxFiles()
            defer { try? FileManager.default.removeItem(atPath: files.directory) }
            let recorder = Recorder()
            let box = try await start(outputs: [recorder], files: files)
            _ = try await pay(2, on: box, recorder: recorder)
            #expect(box.agent.droppedEvents["recorder"] == 0)
            box.running.cancel()
            _ = try? await box.running.value
            await box.simulator.stop()

            let paid = recorder.paid
            #expect(paid.count == 2)
            #expect(paid.allSatisfy { $0.amount?.minorUnits == 420 && $0.amount?.currency.code == "SGD" }, "\(paid)")
            #expect(paid.allSatisfy { $0.wallet != nil }, "the simulator names the wallet: \(paid)")
            let kinds = recorder.heard.withLock { $0 }
            #expect(kinds.contains { if case .scan = $0 { true } else { false } })
            #expect(kinds.contains { if case .desk(.armed(_, let amount)) = $0 { amount.minorUnits == 420 } else { false } })
        }

        /// A listener stuck on its first event while 8 payments go through: they go at the same
        /// pace as without it, the other outputs hear everything, only the stuck one loses events
        /// (counted), and the agent still stops at once.
        @Test(arguments: ["suspended", "thread blocked for 10 s"])
        func aBlockedListenerDelaysNoPayment(_ how: String) async throws {
            // Side by side in one run: the same agent set-up without and with the stuck output.
            let freeFiles = try BoxFiles()
            defer { try? FileManager.default.removeItem(atPath: freeFiles.directory) }
            let freeRecorder = Recorder()
            let free = try await start(outputs: [freeRecorder], files: freeFiles)
            let unblocked = try await pay(8, on: free, recorder: freeRecorder)
            free.running.cancel()
            _ = try? await free.running.value
            await free.simulator.stop()

            let files = try BoxFiles()
            defer { try? FileManager.default.removeItem(atPath: files.directory) }
            let recorder = Recorder()
            let stuck = Stuck(how == "suspended" ? .suspended : .threadBlocked(seconds: 10))
            let box = try await start(outputs: [stuck, recorder], files: files)
            let started = ContinuousClock.now
            let blocked = try await pay(8, on: box, recorder: recorder)
            let elapsed = ContinuousClock.now - started
            // Everything was paid while the stuck output was still inside its first event.
            #expect(stuck.count == 1 && stuck.isStillStuck)
            #expect(recorder.paid.count == 8)
            let dropped = box.agent.droppedEvents
            #expect((dropped["stuck"] ?? 0) > 0, "its buffer of 4 overflowed: \(dropped)")
            #expect(dropped["recorder"] == 0 && dropped["indicators"] == 0 && dropped["desk"] == 0, "\(dropped)")
            let ledger = await box.simulator.ledger.snapshot().payments.filter { $0.status == "SUCCESS" }
            #expect(ledger.count == 8)
            print("""
                event stream (\(how)): 8 payments, scan-to-paid median \(Self.median(unblocked)) without a stuck output, \
                \(Self.median(blocked)) with one (max \(blocked.max()!) vs \(unblocked.max()!)); all 8 in \(elapsed), \
                the stuck output dropped \(dropped["stuck"] ?? 0) events
                """)
            // Nor does stopping wait for it: the agent stops with the output still stuck.
            box.running.cancel()
            _ = try? await box.running.value
            #expect(stuck.isStillStuck)
            stuck.release()
            await box.simulator.stop()
            // Let a blocked thread come back before the next test needs it.
            #expect(await eventually(seconds: 15) { !stuck.isStillStuck })
        }
    }
}
