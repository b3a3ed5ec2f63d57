import Journal
@testable import POSLink
import Testing
import TestSupport

extension POSLinkSuite {
/// The ECR source over loopback TCP, end to end: a POS client, the real engine, the simulator.
@Suite("ECR over TCP")
struct ECRTCPTests {
    static func box(refunds: Bool = false, clock: ManualClock = ManualClock(), directory: String? = nil,
                    armTimeout: Duration = .seconds(180)) async throws -> POSHarness<ECRSource> {
        let harness = try await POSHarness(clock: clock, directory: directory) { journal, engine, clock in
            try ECRSource(settings: ECRSettings(transport: .tcp(listen: "127.0.0.1:0", allowedPeers: []), armTimeout: armTimeout,
                                                refundsEnabled: refunds, boxName: "BOX-7"),
                          journal: journal, movements: engine, clock: clock, logger: quiet)
        }
        harness.start()
        await expectEventually { harness.source.listeningPort != nil }
        return harness
    }

    static func connect(_ harness: POSHarness<ECRSource>) async throws -> LineClient {
        let client = try #require(LineClient.connect(port: harness.source.listeningPort ?? 0))
        let hello = await client.readLine()
        #expect(hello == "HELLO proto=1 box=BOX-7")
        return client
    }

    @Test("open, arm, pay: ack, status stream, paid result with payment id and wallet, done")
    func happyPath() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        let pos = try await Self.connect(box)
        pos.send("OPEN ref=A-100 amount=1250 currency=USD desc=2%20coffees")
        await pos.expectNext("ACK ref=A-100 op=open")
        await pos.expectNext("STATUS ref=A-100 state=waiting-for-code")
        let armed = await waitForArming(box.source.arming) { $0.armedAmount?.reference == "A-100" }
        #expect(await box.source.statusText() == "ecr: POS on 127.0.0.1; order A-100 12.50 USD waiting for a code")
        #expect(armed?.armedAmount?.amount.decimalString == "12.50")
        #expect(armed?.armedAmount?.note == "2 coffees")

        #expect(await box.scan(code()) == "A-100")
        await pos.expectNext("STATUS ref=A-100 state=processing")
        let result = await pos.expect("RESULT ref=A-100")
        #expect(field("status", in: result) == "paid")
        #expect(field("amount", in: result) == "1250")
        #expect(field("currency", in: result) == "USD")
        #expect(field("payment-id", in: result)?.isEmpty == false)
        #expect(field("wallet", in: result) == "SIMWALLET")
        #expect(box.source.arming.current == .idle)
        #expect(await box.source.orderForScan() == .none("no order from the POS"))

        pos.send("DONE ref=A-100")
        await pos.expectNext("ACK ref=A-100 op=done")
        #expect(try await box.journal.posOrder("A-100")?.deliveredAt != nil)
        #expect(try await box.journal.undeliveredPOSOrders().isEmpty)
        await box.stop()
    }

    @Test("cancel before any code: acknowledged, cancelled result, disarmed; cancel during a payment is refused")
    func cancel() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        let pos = try await Self.connect(box)
        pos.send("OPEN ref=C-1 amount=500 currency=USD")
        await pos.expect("STATUS ref=C-1 state=waiting-for-code")
        pos.send("CANCEL ref=C-1")
        await pos.expectNext("ACK ref=C-1 op=cancel")
        await pos.expectNext("RESULT ref=C-1 status=cancelled reason=pos")
        #expect(box.source.arming.current == .idle)
        #expect(await box.scan(code()) == nil)

        // A code that never settles ("03"): the payment is the engine's now, not the POS's to cancel.
        pos.send("OPEN ref=C-2 amount=500 currency=USD")
        await pos.expect("STATUS ref=C-2 state=waiting-for-code")
        #expect(await box.scan(code("03")) == "C-2")
        await pos.expect("STATUS ref=C-2 state=waiting-for-customer")
        pos.send("CANCEL ref=C-2")
        let refused = await pos.expect("ERR ref=C-2")
        #expect(field("code", in: refused) == "busy")
        pos.send("CANCEL ref=NOPE")
        #expect(field("code", in: await pos.expect("ERR ref=NOPE")) == "unknown-order")
        await box.stop()
    }

    @Test("a result that became final while the POS was away is sent when it reconnects, until DONE")
    func lateResultOnReconnect() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        var pos = try await Self.connect(box)
        pos.send("OPEN ref=L-7 amount=990 currency=USD")
        await pos.expect("STATUS ref=L-7 state=waiting-for-code")
        #expect(await box.scan(code("01")) == "L-7")  // the customer must type a password
        await pos.expect("STATUS ref=L-7 state=waiting-for-customer")
        pos.close()

        // The customer confirms while the POS is gone: the simulator pays on the 2nd inquiry.
        await box.tick(times: 3)
        await expectEventually { box.events.all.contains { if case .succeeded = $0.kind { true } else { false } } }
        await expectEventually { (try? await box.journal.posOrder("L-7"))?.result != nil }

        pos = try await Self.connect(box)
        let result = await pos.expect("RESULT ref=L-7")
        #expect(field("status", in: result) == "paid")
        pos.close()

        // Not acknowledged: sent again on the next connection, then DONE closes it.
        pos = try await Self.connect(box)
        #expect(field("status", in: await pos.expect("RESULT ref=L-7")) == "paid")
        pos.send("DONE ref=L-7")
        await pos.expectNext("ACK ref=L-7 op=done")
        pos.close()
        pos = try await Self.connect(box)
        pos.send("PING")
        await pos.expectNext("PONG")
        pos.send("STATUS ref=L-7")
        #expect(field("status", in: await pos.readLine()) == "paid")
        await box.stop()
    }

    @Test("a new connection replaces the current one; peers outside the allow-list are refused")
    func connections() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        let first = try await Self.connect(box)
        let second = try await Self.connect(box)
        #expect(await first.readLine() == nil)  // closed by the box
        second.send("PING")
        await second.expectNext("PONG")
        await box.stop()

        for (listen, allowed, accepted) in [("127.0.0.1:0", "10.9.9.9", false), ("[::]:0", "127.0.0.1", true)] {
            let guarded = try await POSHarness { journal, engine, clock in
                // Beyond loopback the link needs a token (ECRAuthTests).
                try ECRSource(settings: ECRSettings(transport: .tcp(listen: listen, allowedPeers: [allowed]), token: "t0ken"),
                              journal: journal, movements: engine, clock: clock, logger: quiet)
            }
            defer { guarded.remove() }
            guarded.start()
            await expectEventually { guarded.source.listeningPort != nil }
            // IPv4 through a dual-stack listener arrives as ::ffff:127.0.0.1 and must match 127.0.0.1.
            let peer = try #require(LineClient.connect(port: guarded.source.listeningPort ?? 0))
            let greeting = await peer.readLine()
            #expect((greeting != nil) == accepted, "\(listen) allowing \(allowed)")
            await guarded.stop()
        }
    }

    @Test("results the POS never acknowledges are replayed only within the resync window")
    func resyncWindow() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        var pos = try await Self.connect(box)
        pos.send("OPEN ref=W-1 amount=100 currency=USD")
        await pos.expect("STATUS ref=W-1 state=waiting-for-code")
        await box.scan(code())
        await pos.expect("RESULT ref=W-1 status=paid")
        pos.close()
        box.clock.advance(.seconds(25 * 3600))
        pos = try await Self.connect(box)
        pos.send("PING")
        await pos.expectNext("PONG")  // no replay of W-1 first
        pos.send("STATUS ref=W-1")
        #expect(field("status", in: await pos.readLine()) == "paid")
        await box.stop()
    }

    @Test("a result reached while the box was down is delivered by the restarted box")
    func resultAcrossRestart() async throws {
        let directory = POSHarness<ECRSource>.makeDirectory()
        let clock = ManualClock()
        let first = try await Self.box(clock: clock, directory: directory)
        let pos = try await Self.connect(first)
        pos.send("OPEN ref=R-1 amount=1234 currency=USD")
        await pos.expect("STATUS ref=R-1 state=waiting-for-code")
        #expect(await first.scan(code("01")) == "R-1")
        await pos.expect("STATUS ref=R-1 state=waiting-for-customer")
        pos.close()
        await first.stopSource()

        // The payment settles with no POS source running (as if the box restarted mid-payment).
        let engineOnly = first.engine
        _ = try await engineOnly.recover()
        clock.advance(.seconds(3))
        await engineOnly.runDue()
        clock.advance(.seconds(3))
        await engineOnly.runDue()
        #expect(try await first.journal.attempts(order: "R-1").first?.state == .succeeded)

        await first.stop()
        let second = try await Self.box(clock: clock, directory: directory)
        defer { second.remove() }
        let again = try await Self.connect(second)
        let result = await again.expect("RESULT ref=R-1")
        #expect(field("status", in: result) == "paid")
        #expect(field("amount", in: result) == "1234")
        await second.stop()
    }

    @Test("garbage, oversize and unknown lines get an error reply and leave the armed order alone")
    func garbageAndOversize() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        let pos = try await Self.connect(box)
        pos.send("OPEN ref=G-1 amount=700 currency=USD")
        await pos.expect("STATUS ref=G-1 state=waiting-for-code")

        pos.write([0x01, 0x02, 0xFF, 0x1B] + Array("garbage\n".utf8))
        #expect(field("code", in: await pos.expect("ERR")) == "malformed")
        pos.send(String(repeating: "X", count: 5000))
        #expect(field("code", in: await pos.expect("ERR")) == "too-long")
        pos.send("OPEN ref")
        #expect(field("code", in: await pos.expect("ERR")) == "malformed")
        pos.send("FROBNICATE ref=G-1")
        #expect(field("code", in: await pos.expect("ERR ref=G-1")) == "unknown-verb")
        pos.send("OPEN ref=G-2 amount=12.50 currency=USD")
        #expect(field("code", in: await pos.expect("ERR ref=G-2")) == "bad-amount")
        pos.send("OPEN ref=G-3 amount=100 currency=XYZ")
        #expect(field("code", in: await pos.expect("ERR ref=G-3")) == "bad-currency")
        pos.send("OPEN ref=G-4 amount=100 currency=USD")
        #expect(field("code", in: await pos.expect("ERR ref=G-4")) == "busy")
        pos.send("OPEN ref=G-1 amount=701 currency=USD")
        #expect(field("code", in: await pos.expect("ERR ref=G-1")) == "conflict")

        pos.send("STATUS ref=G-1")
        await pos.expectNext("STATUS ref=G-1 state=waiting-for-code")
        #expect(await box.scan(code()) == "G-1")
        #expect(field("status", in: await pos.expect("RESULT ref=G-1")) == "paid")
        await box.stop()
    }

    @Test("amounts in minor units for 0-, 2- and 3-decimal currencies", arguments: [
        ("JPY", "1500", "1500"), ("USD", "1250", "12.50"), ("KWD", "1250", "1.250"),
    ])
    func amountFormats(currency: String, minor: String, decimal: String) async throws {
        let box = try await Self.box()
        defer { box.remove() }
        let pos = try await Self.connect(box)
        pos.send("OPEN ref=F-\(currency) amount=\(minor) currency=\(currency)")
        await pos.expect("STATUS ref=F-\(currency)")
        let armed = await waitForArming(box.source.arming) { $0.armedAmount != nil }
        #expect(armed?.armedAmount?.amount.decimalString == decimal)
        #expect(await box.scan(code()) == "F-\(currency)")
        let result = await pos.expect("RESULT ref=F-\(currency)")
        #expect(field("amount", in: result) == minor)
        #expect(field("currency", in: result) == currency)
        let paid = await box.simulator.ledger.snapshot().payments.first?.amount
        #expect(paid?.value == minor)
        #expect(paid?.currency == currency)
        await box.stop()
    }

    @Test("declined and expired results; a declined order may be opened again")
    func declinedAndExpired() async throws {
        let box = try await Self.box(armTimeout: .seconds(60))
        defer { box.remove() }
        let pos = try await Self.connect(box)
        pos.send("OPEN ref=D-1 amount=300 currency=USD")
        await pos.expect("STATUS ref=D-1 state=waiting-for-code")
        #expect(await box.scan(code("11")) == "D-1")
        await pos.expectNext("STATUS ref=D-1 state=processing")
        await pos.expectNext("RESULT ref=D-1 status=declined reason=insufficientFunds code=USER_BALANCE_NOT_ENOUGH")
        pos.send("DONE ref=D-1")
        await pos.expectNext("ACK ref=D-1 op=done")
        pos.send("OPEN ref=D-1 amount=300 currency=USD")
        await pos.expectNext("ACK ref=D-1 op=open")
        await pos.expectNext("STATUS ref=D-1 state=waiting-for-code")

        box.clock.advance(.seconds(61))
        await box.source.expireIfDue()
        await pos.expectNext("RESULT ref=D-1 status=expired reason=no-code")
        #expect(box.source.arming.current == .idle)
        await box.stop()
    }

    @Test("refund of a paid order when enabled; refused when disabled")
    func refund() async throws {
        let box = try await Self.box(refunds: true)
        defer { box.remove() }
        let pos = try await Self.connect(box)
        pos.send("OPEN ref=P-1 amount=2000 currency=USD")
        await pos.expect("STATUS ref=P-1 state=waiting-for-code")
        await box.scan(code())
        await pos.expect("RESULT ref=P-1 status=paid")
        pos.send("REFUND ref=P-1 amount=500 rid=P-1-r1")
        let refunded = await pos.expect("REFUND ref=P-1")
        #expect(field("status", in: refunded) == "refunded")
        #expect(field("amount", in: refunded) == "500")
        pos.send("REFUND ref=P-1 amount=5000")
        #expect(field("code", in: await pos.expect("ERR ref=P-1")) == "bad-amount")
        // The same rid again is the same refund: answered from the journal, not sent twice.
        pos.send("REFUND ref=P-1 amount=500 rid=P-1-r1")
        #expect(field("refund-id", in: await pos.expect("REFUND ref=P-1")) == field("refund-id", in: refunded))
        let journaled = try await box.journal.refunds(attemptId: try #require(try await box.journal.attempts(order: "P-1").first).id)
        #expect(journaled.map(\.refundRequestId) == ["RF-P-1-r1"] && journaled.first?.source == "pos")
        // 1500 left: more is refused by the box before anything is sent.
        pos.send("REFUND ref=P-1 amount=1501 rid=P-1-r2")
        #expect(field("code", in: await pos.expect("ERR ref=P-1")) == "refund-refused")
        #expect(await box.simulator.ledger.snapshot().payments.first?.refunded == "500")
        // A paid order with a refund cannot be reversed; another paid order can, in full.
        pos.send("CANCEL ref=P-1")
        await pos.expect("ACK ref=P-1 op=cancel")
        #expect(field("code", in: await pos.expect("ERR ref=P-1")) == "not-reversible")
        pos.send("DONE ref=P-1")
        await pos.expect("ACK ref=P-1 op=done")
        pos.send("OPEN ref=P-2 amount=700 currency=USD")
        await pos.expect("STATUS ref=P-2 state=waiting-for-code")
        await box.scan(code())
        let paid = await pos.expect("RESULT ref=P-2 status=paid")
        #expect(field("wallet", in: paid) == "SIMWALLET" && field("customer", in: paid) == "sim***user")
        #expect(field("wallet-amount", in: paid) == "4970" && field("wallet-currency", in: paid) == "CNY" && field("quote", in: paid) != nil)
        pos.send("CANCEL ref=P-2")
        await pos.expect("ACK ref=P-2 op=cancel")
        #expect(field("status", in: await pos.expect("REVERSAL ref=P-2")) == "reversed")
        #expect(try await box.journal.attempts(order: "P-2").first?.state == .cancelled)
        #expect(await box.simulator.ledger.snapshot().payments.first { $0.referenceOrderId == "P-2" }?.status == "CANCELLED")
        // The day's report from the journal: 2027-01-15 in UTC+8 for the harness's clock.
        pos.send("REPORT")
        await pos.expectNext("REPORT date=2027-01-15 currency=USD wallet=SIMWALLET paid-count=1 paid=2000 refund-count=1 refunded=500 reversed-count=1 reversed=700 net=1500")
        await pos.expectNext("REPORT date=2027-01-15 unfinished=0 needs-attention=0 end=1")
        pos.send("REPORT date=2027-01-14")
        await pos.expectNext("REPORT date=2027-01-14 unfinished=0 needs-attention=0 end=1")
        pos.send("REPORT date=2027-02-30")
        #expect(field("code", in: await pos.expect("ERR")) == "bad-date")
        await box.stop()

        let closed = try await Self.box(refunds: false)
        defer { closed.remove() }
        let other = try await Self.connect(closed)
        other.send("REFUND ref=P-1")
        #expect(field("code", in: await other.expect("ERR ref=P-1")) == "refund-disabled")
        await closed.stop()
    }
}
}
