import Journal
@testable import POSLink
import Testing
import TestSupport

extension POSLinkSuite {
/// `amount.ecr.token` (issue 15): with a token set, nothing but the token is taken from a new
/// connection, and nothing about any order is sent to it; without one the link stays on loopback.
/// End to end over loopback TCP with the real engine and the simulator over HTTP.
@Suite("ECR link authentication")
struct ECRAuthTests {
    static func box(token: String = "s3cret-till-7") async throws -> POSHarness<ECRSource> {
        let harness = try await POSHarness { journal, engine, clock in
            try ECRSource(settings: ECRSettings(transport: .tcp(listen: "127.0.0.1:0", allowedPeers: []), boxName: "BOX-7", token: token),
                          journal: journal, movements: engine, clock: clock, logger: quiet)
        }
        harness.start()
        await expectEventually { harness.source.listeningPort != nil }
        return harness
    }

    @Test("a peer without the token cannot open an order: refused, counted, closed after 3 tries")
    func tokenlessPeerArmsNothing() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        let intruder = try #require(LineClient.connect(port: box.source.listeningPort ?? 0))
        await intruder.expectNext("HELLO proto=1 box=BOX-7 auth=token")
        // What was measured before: this armed a 0.01 USD order for the next customer.
        intruder.send("OPEN ref=EVIL-1 amount=1 currency=USD")
        #expect(field("code", in: await intruder.readLine()) == "auth-required")
        #expect(box.source.arming.current == .idle, "nothing was armed")
        #expect(await box.source.orderForScan() == .none("no order from the POS"))
        intruder.send("AUTH token=s3cret-till-8")
        #expect(field("code", in: await intruder.readLine()) == "auth-failed")
        intruder.send("HELLO proto=1 token=s3cret")
        #expect(field("code", in: await intruder.readLine()) == "auth-failed")
        #expect(field("code", in: await intruder.readLine()) == "auth-locked")
        #expect(await intruder.readLine() == nil, "the box closed the connection")
        #expect(await box.source.authenticationFailures == 3)
        #expect(ECRSecurity.authenticationFailures >= 3, "counted process-wide for the metric")
        #expect(try await box.journal.posOrder("EVIL-1") == nil, "no order was journaled")
        await box.stop()
    }

    @Test("the POS with the token works as before, and results wait for an authenticated connection")
    func tokenHolderPaysAndResultsAreNotLeaked() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        var pos = try #require(LineClient.connect(port: box.source.listeningPort ?? 0))
        await pos.expectNext("HELLO proto=1 box=BOX-7 auth=token")
        pos.send("AUTH token=s3cret-till-7")
        await pos.expectNext("HELLO proto=1 box=BOX-7")
        pos.send("OPEN ref=A-1 amount=1250 currency=USD")
        await pos.expectNext("ACK ref=A-1 op=open")
        await pos.expectNext("STATUS ref=A-1 state=waiting-for-code")
        pos.close()
        #expect(await box.scan(code()) == "A-1")
        await expectEventually { (try? await box.journal.posOrder("A-1"))?.result != nil }

        // Anyone who connects now is told only that a token is needed, not the paid result.
        pos = try #require(LineClient.connect(port: box.source.listeningPort ?? 0))
        await pos.expectNext("HELLO proto=1 box=BOX-7 auth=token")
        pos.send("PING")
        await pos.expectNext("PONG")
        pos.send("STATUS ref=A-1")
        #expect(field("code", in: await pos.readLine()) == "auth-required")
        pos.send("HELLO proto=1 token=s3cret-till-7")
        await pos.expectNext("HELLO proto=1 box=BOX-7")
        let result = await pos.expect("RESULT ref=A-1")
        #expect(field("status", in: result) == "paid", "the resynchronisation follows the token")
        #expect(await box.source.authenticationFailures == 1)
        await box.stop()
    }

    @Test("listening beyond loopback without a token is refused at start, with the reason")
    func noTokenBeyondLoopback() async throws {
        let settings = ECRSettings(transport: .tcp(listen: "0.0.0.0:7878", allowedPeers: []))
        #expect(settings.validate().map(\.key) == ["ecr.token"])
        #expect(ECRSettings(transport: .tcp(listen: "127.0.0.1:7878", allowedPeers: [])).validate().isEmpty, "loopback keeps today's behaviour")
        #expect(ECRSettings(transport: .tcp(listen: "[::]:7878", allowedPeers: []), token: "t").validate().isEmpty)
        #expect(ECRSettings(transport: .tcp(listen: "[::]:7878", allowedPeers: []), token: "").validate().map(\.key) == ["ecr.token"])
    }

    @Test("the token compare: equal only when every byte and the length agree")
    func sameSecret() {
        #expect(ECRSource.sameSecret("abc", "abc"))
        #expect(!ECRSource.sameSecret("abd", "abc"))
        #expect(!ECRSource.sameSecret("ab", "abc"))
        #expect(!ECRSource.sameSecret("abcd", "abc"))
        #expect(!ECRSource.sameSecret("", "abc"))
    }
}
}
