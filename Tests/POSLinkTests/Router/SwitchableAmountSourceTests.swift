import Journal
@testable import POSLink
import SerialIO
import Settlement
import Testing
import TestSupport

extension POSLinkSuite {
@Suite("Switching sources live")
struct SwitchableAmountSourceTests {
    @Test("the router forwards to the active source, follows its arming, and stops the old one's listener")
    func switchLive() async throws {
        let box = try await POSHarness { journal, engine, clock in
            SwitchableAmountSource(
                initial: try ECRSource(settings: ECRSettings(transport: .tcp(listen: "127.0.0.1:0", allowedPeers: [])),
                                       journal: journal, movements: engine, clock: clock, logger: quiet),
                logger: quiet)
        }
        defer { box.remove() }
        box.start()
        let ecr = try #require(box.source.current as? ECRSource)
        await expectEventually { ecr.listeningPort != nil }
        let port = try #require(ecr.listeningPort)
        let pos = try #require(LineClient.connect(port: port))
        await pos.expect("HELLO")
        pos.send("OPEN ref=W-1 amount=100 currency=USD")
        await pos.expect("STATUS ref=W-1")
        await waitForArming(box.source.arming) { $0.armedAmount?.reference == "W-1" }

        let fixed = try FixedSource(settings: FixedSourceSettings(amount: "1.00", currency: "USD"), journal: box.journal,
                                    clock: box.clock, logger: quiet)
        box.source.activate(fixed)
        #expect(box.source.current.kind == .fixed)
        #expect(await box.source.statusText() == "fixed: 1.00 USD per code")
        await waitForArming(box.source.arming) { $0.armedAmount?.reference == nil && $0.armedAmount?.amount.minorUnits == 100 }
        // The ECR listener is released: the POS's connection ends and nothing listens any more.
        #expect(await pos.readLine() == nil)
        await expectEventually { LineClient.connect(port: port) == nil }

        let order = try #require(await box.scan(code()))
        #expect(try await box.journal.order(order)?.source == "fixed")

        let console = try ConsoleSource(settings: ConsoleSourceSettings(defaultCurrency: "USD"), journal: box.journal,
                                        clock: box.clock, logger: quiet)
        box.source.activate(console)
        await waitForArming(box.source.arming) { $0 == .idle }
        try await console.charge(amount: "7.00", reference: "W-2")
        await waitForArming(box.source.arming) { $0.armedAmount?.reference == "W-2" }
        #expect(await box.scan(code()) == "W-2")
        await box.stop()
    }

    @Test("a source switched away from and back runs again: its serial port reopens and the POS catches up")
    func switchBack() async throws {
        let pty = try PseudoTerminal()
        let box = try await POSHarness { journal, engine, clock in
            SwitchableAmountSource(
                initial: try ECRSource(settings: ECRSettings(transport: .serial(port: pty.slavePath, settings: SerialSettings()), boxName: "B"),
                                       journal: journal, movements: engine, clock: clock, logger: quiet),
                logger: quiet)
        }
        defer { box.remove() }
        box.start()
        let ecr = try #require(box.source.current as? ECRSource)
        let pos = LineClient(pty: pty)
        await pos.expectNext("HELLO proto=1 box=B")
        pos.send("OPEN ref=SB-1 amount=250 currency=USD")
        await pos.expect("STATUS ref=SB-1 state=waiting-for-code")
        #expect(await box.scan(code()) == "SB-1")
        #expect(field("status", in: await pos.expect("RESULT ref=SB-1")) == "paid")

        let console = try ConsoleSource(settings: ConsoleSourceSettings(defaultCurrency: "USD"), journal: box.journal,
                                        clock: box.clock, logger: quiet)
        box.source.activate(console)
        await waitForArming(box.source.arming) { $0 == .idle }
        box.source.activate(ecr)
        // Reopened: HELLO again, and the result the POS never acknowledged.
        await pos.expectNext("HELLO proto=1 box=B")
        #expect(field("status", in: await pos.expect("RESULT ref=SB-1")) == "paid")
        pos.close()
        await box.stop()
    }
}
}
