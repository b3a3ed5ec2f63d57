import PaymentModel
import Glibc
import Journal
import Money
@testable import POSLink
import SerialIO
import Settlement
import Synchronization
import Testing
import TestSupport

extension POSLinkSuite {
/// The display tap: the parser on its own, then the source on a pty against the engine.
@Suite("Display tap")
struct DisplayTapTests {
    static func box(_ pty: PseudoTerminal, currency: String = "USD", format: DisplayTapSettings.AmountFormat = .decimal,
                    requireTotalLamp: Bool = true) async throws -> POSHarness<DisplayTapSource> {
        let harness = try await POSHarness { journal, _, clock in
            try DisplayTapSource(settings: DisplayTapSettings(port: pty.slavePath, currency: currency, amountFormat: format,
                                                              requireTotalLamp: requireTotalLamp, armTimeout: .seconds(90)),
                                 clock: clock, logger: quiet)
        }
        harness.start()
        await expectEventually { await harness.source.isConnected }
        return harness
    }

    @Test("the recorded session parses the same whatever way the bytes are split")
    func parserSplitInvariance() throws {
        let bytes = try DisplayFixture.load("pos-display-session").bytes
        var whole = CustomerDisplayParser()
        var expected: [CustomerDisplayParser.Event] = []
        whole.feed(bytes) { expected.append($0) }
        #expect(expected.contains(.amountShown("7.75")))
        #expect(expected.contains(.lamp(2)))
        #expect(expected.filter { $0 == .cleared }.count == 6)
        for chunk in [1, 2, 3, 7, 64] {
            var parser = CustomerDisplayParser()
            var events: [CustomerDisplayParser.Event] = []
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                parser.feed(bytes[start..<min(start + chunk, bytes.count)]) { events.append($0) }
            }
            #expect(events == expected, "split every \(chunk) bytes")
        }
    }

    @Test("a recorded POS session replayed through a pty arms each total, pays one, and disarms on clears and cash")
    func recordedSession() async throws {
        let fixture = try DisplayFixture.load("pos-display-session")
        let pty = try PseudoTerminal()
        let box = try await Self.box(pty, currency: fixture.currency)
        defer { box.remove() }
        let log = Mutex<[String]>([])
        let subscription = box.source.arming.observe { arming in
            let entry = arming.armedAmount.map { "armed \($0.amount)" } ?? "idle"
            log.withLock { if $0.last != entry { $0.append(entry) } }
        }
        defer { subscription.cancel() }
        log.withLock { $0.removeAll() }  // the initial idle is not a change

        for step in fixture.steps {
            switch step {
            case .write(let bytes):
                try pty.write(bytes)
            case .scan(let suffix, let outcome):
                await waitForArming(box.source.arming) { $0.armedAmount != nil }
                let order = try #require(await box.scan(code(suffix)))
                await expectEventually { box.events.all.contains { $0.orderReference == order && $0.kind.isFinal } }
                let final = box.events.all.last { $0.orderReference == order }
                #expect(final?.kind.outcomeName == outcome)
                #expect(try await box.journal.order(order)?.source == "display-tap")
            }
        }
        await expectEventually { log.withLock { $0.count } >= fixture.expected.count }
        #expect(log.withLock { $0 } == fixture.expected)
        await box.stop()
    }

    @Test("the order is journaled with the first code's attempt; after a decline the next code pays that same order")
    func declinedThenPaidOnOneOrder() async throws {
        let pty = try PseudoTerminal()
        let box = try await Self.box(pty)
        defer { box.remove() }
        try pty.write(Array("\u{1B}s2\u{1B}QA4.20\r".utf8))
        await waitForArming(box.source.arming) { $0.armedAmount != nil }
        let first = try #require(await box.scan(code("11")))  // low balance
        await expectEventually { box.events.all.contains { $0.orderReference == first && $0.kind.isFinal } }
        #expect(box.events.all.last { $0.orderReference == first }?.kind.outcomeName == "declined")
        #expect(box.source.arming.current.armedAmount?.reference == first, "the total stays armed for another code")

        let second = try #require(await box.scan(code("00")))
        #expect(second == first)
        await expectEventually { box.events.all.contains { $0.orderReference == first && $0.kind.outcomeName == "paid" } }
        let stored = try await box.journal.order(first)
        #expect(stored?.amountMinor == 420 && stored?.source == "display-tap")
        #expect(try await box.journal.attempts(order: first).map(\.state) == [.declined, .succeeded])
        await expectEventually { box.source.arming.current == .idle }
        await box.stop()
    }

    @Test("amounts as the display shows them, for 0-, 2- and 3-decimal currencies", arguments: [
        ("JPY", DisplayTapSettings.AmountFormat.decimal, "1500", "1500"),
        ("USD", .decimal, "12.50", "12.50"),
        ("USD", .minorUnits, "1250", "12.50"),
        ("KWD", .decimal, "1.250", "1.250"),
        ("KWD", .minorUnits, "1.250", "1.250"),
    ])
    func amountFormats(currency: String, format: DisplayTapSettings.AmountFormat, shown: String, armed: String) async throws {
        let pty = try PseudoTerminal()
        let box = try await Self.box(pty, currency: currency, format: format)
        defer { box.remove() }
        try pty.write(Array("\u{1B}s2\u{1B}QA\(shown)\r".utf8))
        let arming = await waitForArming(box.source.arming) { $0.armedAmount != nil }
        #expect(arming?.armedAmount?.amount.decimalString == armed)
        #expect(arming?.armedAmount?.amount.currency.code == currency)
        let order = try #require(await box.scan(code()))
        #expect(try await box.journal.order(order)?.currency == currency)
        await box.stop()
    }

    @Test("prices are not armed, a comma or garbage is never read as an amount, and an armed total times out")
    func notArmed() async throws {
        let pty = try PseudoTerminal()
        let box = try await Self.box(pty)
        defer { box.remove() }
        try pty.write(Array("\u{1B}s1\u{1B}QA5.00\r\u{1B}s2\u{1B}QA1,250.00\r\u{1B}QA12.3.4\r".utf8))
        try pty.write(Array(repeating: 0x41, count: 500) + [0x0D])
        try pty.write(Array("\u{1B}QA3.00\r".utf8))
        await waitForArming(box.source.arming) { $0.armedAmount?.amount.decimalString == "3.00" }
        box.clock.advance(.seconds(91))
        await box.source.expireIfDue()
        #expect(box.source.arming.current == .idle)
        #expect(await box.source.orderForScan() == .none("no total on the customer display"))
        await box.stop()
    }
}
}

extension POSLinkSuite.DisplayTapTests {
    @Test("a tap that loses its port disarms rather than keep a total it can no longer see")
    func hangUpDisarms() async throws {
        let pty = try PseudoTerminal()
        // Through a link of our own: once it is gone, the reopen attempts cannot land on a new
        // pty that another test was given the same /dev/pts number for.
        let directory = POSHarness<DisplayTapSource>.makeDirectory()
        let link = directory + "/display"
        #expect(symlink(pty.slavePath, link) == 0)
        defer {
            unlink(link)
            rmdir(directory)
        }
        let box = try await POSHarness { journal, _, clock in
            try DisplayTapSource(settings: DisplayTapSettings(port: link, currency: "USD"), clock: clock, logger: quiet)
        }
        defer { box.remove() }
        box.start()
        await expectEventually { await box.source.isConnected }
        try pty.write(Array("\u{1B}s2\u{1B}QA9.99\r".utf8))
        await waitForArming(box.source.arming) { $0.armedAmount != nil }
        unlink(link)
        pty.close()
        await waitForArming(box.source.arming) { $0 == .idle }
        await expectEventually { await !box.source.isConnected }
        await box.stop()
    }

    @Test("sources are built from their settings, and bad settings name every key at fault")
    func factory() async throws {
        let directory = POSHarness<FixedSource>.makeDirectory()
        defer { POSHarness<FixedSource>.removeJournal(in: directory) }
        let journal = try Journal(path: directory + "/journal.sqlite")
        let all: [AmountSourceSettings] = [
            .ecr(ECRSettings(transport: .tcp(listen: "127.0.0.1:0", allowedPeers: []))),
            .displayTap(DisplayTapSettings(port: "/dev/null", currency: "USD")),
            .fixed(FixedSourceSettings(amount: "1.00", currency: "USD")),
            .console(ConsoleSourceSettings(defaultCurrency: "JPY")),
        ]
        for settings in all {
            #expect(settings.validate().isEmpty)
            #expect(try settings.makeSource(journal: journal, movements: nil, logger: quiet).kind == settings.kind)
        }
        #expect(throws: InvalidSettings.self) {
            try AmountSourceSettings.fixed(FixedSourceSettings(amount: "x", currency: "USD")).makeSource(journal: journal, movements: nil, logger: quiet)
        }
    }
}

extension PaymentEvent.Kind {
    var isFinal: Bool {
        switch self {
        case .succeeded, .declined, .expired, .cancelled, .needsAttention, .refused: true
        default: false
        }
    }

    var outcomeName: String {
        switch self {
        case .succeeded: "paid"
        case .declined: "declined"
        case .expired: "expired"
        case .cancelled: "cancelled"
        default: "\(self)"
        }
    }
}
