@testable import Agent
import Configuration
import Antom
import Console
import FoundationEssentials
import Glibc
import Indicators
import Journal
import Logging
import POSLink
import ScanCode
import Scanner
import Synchronization
import Testing
import TestSupport

/// The real host, built from a journal, an indicator driver on the simulated backend and scan
/// events, behind the console on a pty.
extension ConsolePTYTests {
    @Suite("Console with the agent's host", .serialized)
    struct AgentHostTests {
        final class Fixture: @unchecked Sendable {  // driven by one test
            let directory: String
            let journal: Journal
            let backend = SimulatedBackend()
            let driver: IndicatorDriver<ContinuousClock>
            let store: ConfigurationStore
            let host: AgentConsoleHost
            let terminal: TechnicianTerminal
            let service: ConsoleService
            let applied = AppliedKeys()
            var tasks: [Task<Void, Error>] = []

            init() throws {
                var template = Array("/tmp/scanbridge-host-XXXXXX".utf8CString)
                directory = String(cString: mkdtemp(&template)!)
                journal = try Journal(path: directory + "/journal.db")
                driver = IndicatorDriver(backend: backend, logger: Logger(label: "test.indicators"))
                let file = ConfigurationLayer(.file, origin: "test", values: [
                    "console.pin-hash": try PinHasher.hash(ConsoleHarness.pin, iterations: 1000).text,
                    "log.file": directory + "/agent.log",
                ])
                store = try ConfigurationStore(configuration: LayeredConfiguration(file: file), consoleLayerPath: directory + "/console.conf", validator: .agent)
                let applied = applied
                host = AgentConsoleHost(journal: journal, store: store, indicators: .init(driver), acquirer: nil, keys: AntomSigningKeys(), engine: nil,
                                        version: "0.0-test", onApply: { _, keys in applied.keys.withLock { $0.append(keys) } }, onRestart: {},
                                        amountStatus: { "fixed: 12.50 SGD per code" })
                terminal = try TechnicianTerminal()
                service = try ConsoleService(host: host, store: store, port: terminal.slavePath, clock: ConsoleClock(SteppingClock()), pinIterations: 1000,
                                             logger: Logger(label: "test.console"))
            }

            func start() async throws {
                let driver = driver, service = service
                tasks = [Task { try await driver.run() }, Task { try await service.run() }]
                try await terminal.waitFor("scanbridge> ")
            }

            func run(_ line: String) async throws -> String {
                try terminal.enter(line)
                try await terminal.waitFor("\r\n")
                return try await terminal.waitFor("\rscanbridge")
            }

            func stop() async {
                for task in tasks { task.cancel() }
                for task in tasks { _ = try? await task.value }
                try? FileManager.default.removeItem(atPath: directory)
            }
        }

        final class AppliedKeys: Sendable {
            let keys = Mutex<[Set<String>]>([])
        }

        @Test("commit writes audit rows into the journal database and reaches the agent's apply hook")
        func auditInJournal() async throws {
            let fixture = try Fixture()
            try await fixture.start()
            try fixture.terminal.enter("login")
            try await fixture.terminal.waitFor("PIN: ")
            try fixture.terminal.enter(ConsoleHarness.pin)
            try await fixture.terminal.waitFor("\rscanbridge# ")
            _ = try await fixture.run("set log.level debug")
            let commit = try await fixture.run("commit")
            #expect(commit.contains("applied now: log.level"))
            let rows = try await fixture.journal.auditLog()
            let row = try #require(rows.last)
            #expect(row.action == "set" && row.key == "log.level" && row.old == "info" && row.new == "debug")
            #expect(row.port == fixture.terminal.slavePath)
            #expect(row.at > 1_700_000_000_000)
            #expect(fixture.applied.keys.withLock { $0 } == [["log.level"]])
            await fixture.stop()
        }

        @Test("queue, test scan and status show masked codes only; tests drive the real indicator backend")
        func realHost() async throws {
            let fixture = try Fixture()
            let digits = "251001020123456789012345"
            try await fixture.journal.open(Order(reference: "A1", amountMinor: 1250, currency: "SGD", source: "fixed", createdAt: 1))
            _ = try await fixture.journal.capture(orderReference: "A1", code: digits, codeMasked: "251001**************2345",
                                                  paymentRequestId: "T1-1", capturedAt: 2, codeExpiresAt: 60_002, submitting: false)
            try await fixture.start()
            let queue = try await fixture.run("queue")
            #expect(queue.contains("12.50 SGD") && queue.contains("251001**************2345") && queue.contains("captured"))
            let show = try await fixture.run("queue show 1")
            #expect(show.contains("code scanned"))

            try fixture.terminal.enter("login")
            try await fixture.terminal.waitFor("PIN: ")
            try fixture.terminal.enter(ConsoleHarness.pin)
            try await fixture.terminal.waitFor("\rscanbridge# ")

            try fixture.terminal.enter("test scan")
            try await fixture.terminal.waitFor("Ctrl-C stops")
            let code = try #require(PaymentCode(digits))
            let host = fixture.host
            // Keep offering the read until the console shows it: the test does not guess when it listens.
            let feeder = Task {
                while !Task.isCancelled {
                    host.observe(ScanEvent(.paymentCode(code)))
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            let scan = try await fixture.terminal.waitFor("\rscanbridge")
            feeder.cancel()
            #expect(scan.contains("payment code 251001**************2345"))
            #expect(scan.contains("32 35 31 30 30 31 2A"))

            _ = try await fixture.run("test buzzer")
            #expect(fixture.backend.records.contains { $0.output == "buzzer" && $0.value == 1 && $0.pattern == "console-test" })
            let pattern = try await fixture.run("test pattern success")
            #expect(pattern.contains("playing success"))
            let status = try await fixture.run("status")
            #expect(status.contains("queue     1 unfinished"))
            #expect(status.contains("buzzer ok"))
            #expect(status.contains("amount    fixed: 12.50 SGD per code"), "the amount source says what it charges")
            let lines = (1...30).map { "line \($0) of the agent log" }.joined(separator: "\n") + "\n"
        _ = lines.withCString { text in
            let fd = open(fixture.directory + "/agent.log", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            defer { close(fd) }
            return write(fd, text, strlen(text))
        }
        let tail = try await fixture.run("log tail 3")
        #expect(tail.contains("line 28 of") && tail.contains("line 30 of") && !tail.contains("line 27 of"))
        let noSuchLED = try await fixture.run("test led purple")
            #expect(noSuchLED.contains("no output \"purple\" on this board"))
            #expect(!fixture.terminal.transcript.contains(digits))
            await fixture.stop()
        }

        @Test("charge arms the console amount source from the console, without a PIN; charge cancel drops it")
        func chargeFromTheConsole() async throws {
            let fixture = try Fixture()
            let source = try ConsoleSource(settings: ConsoleSourceSettings(defaultCurrency: "USD"), journal: fixture.journal,
                                           logger: Logger(label: "test.amounts"))
            fixture.host.attach(charger: ConsoleCharger(
                charge: { amount, currency, reference in
                    do { return .success("armed \(try await source.charge(amount: amount, currency: currency, reference: reference))") }
                    catch { return .failure(ConsoleHostError("\(error)")) }
                },
                cancel: {
                    do { return .success(try await source.cancelCharge().map { "dropped \($0)" } ?? "nothing was armed") }
                    catch { return .failure(ConsoleHostError("\(error)")) }
                }))
            try await fixture.start()
            let armed = try await fixture.run("charge 12.50 USD T-17")
            #expect(armed.contains("armed"), "\(armed)")
            guard case .armed = source.arming.current else { Issue.record("not armed: \(source.arming.current)"); await fixture.stop(); return }
            let refused = try await fixture.run("charge 1.5 JPY")
            #expect(refused.contains("error") || refused.contains("JPY"), "\(refused)")
            let dropped = try await fixture.run("charge cancel")
            #expect(dropped.contains("dropped"), "\(dropped)")
            #expect(source.arming.current == .idle)
            await fixture.stop()
        }

        @Test("the configuration's list of indicator events is the Indicators module's")
        func indicatorEventsMatch() {
            #expect(ConfigKey.indicatorEvents.sorted() == IndicatorEvent.allCases.map(\.rawValue).sorted())
        }

        @Test("settings become the modules' own types")
        func wiring() throws {
            let file = ConfigurationLayer(.file, origin: "t", values: [
                "scanner.usb": "0c2e:0b6a", "scanner.profile": "honeywell", "scanner.baud": "9600", "settlement.max-inquiries": "7",
                "acquirer.client-id": "C1", "acquirer.merchant-id": "M1", "acquirer.merchant-name": "Shop", "acquirer.merchant-mcc": "5812",
                "acquirer.store-id": "S1", "acquirer.store-name": "Store", "acquirer.terminal-id": "T1",
                "indicators.pattern.armed": "blue:500ms off:500ms; repeat=forever; priority=10",
            ])
            let settings = try AgentSettings.build(LayeredConfiguration(file: file), validator: .agent)
            #expect(try settings.scanner.scannerProfile().serial.baudRate == 9600)
            #expect(settings.scanner.portLocation == .usb(vendorID: 0x0C2E, productID: 0x0B6A))
            #expect(settings.settlementPolicy().maxInquiries == 7)
            #expect(try settings.patternBook()[.armed].outputs == [OutputName.blue])
            let bad = ConfigurationLayer(.file, origin: "t", values: ["indicators.pattern.success": "green:0ms"])
            #expect(Validator.agent.check(bad).first?.message.contains("not a valid pattern") == true)
        }
    }
}
