import Journal
@testable import POSLink
import SerialIO
import Testing

extension POSLinkSuite {
/// The ECR source on a serial port (a pty standing in for the RS-232 cable to the POS).
@Suite("ECR over serial")
struct ECRSerialTests {
    static func box(_ pty: PseudoTerminal) async throws -> POSHarness<ECRSource> {
        let harness = try await POSHarness { journal, engine, clock in
            try ECRSource(settings: ECRSettings(transport: .serial(port: pty.slavePath, settings: SerialSettings(baudRate: 115200)),
                                                boxName: "BOX-7"),
                          journal: journal, movements: engine, clock: clock, logger: quiet)
        }
        harness.start()
        return harness
    }

    @Test("open and pay over a serial line; HELLO after a POS restart resends the unacknowledged result")
    func payAndResync() async throws {
        let pty = try PseudoTerminal()
        let box = try await Self.box(pty)
        defer { box.remove() }
        let pos = LineClient(pty: pty)
        await pos.expectNext("HELLO proto=1 box=BOX-7")  // sent when the box opens the port
        pos.send("HELLO proto=1")
        await pos.expectNext("HELLO proto=1 box=BOX-7")
        pos.send("OPEN ref=S-1 amount=4200 currency=JPY")
        await pos.expectNext("ACK ref=S-1 op=open")
        await pos.expectNext("STATUS ref=S-1 state=waiting-for-code")
        #expect(await box.scan(code()) == "S-1")
        await pos.expectNext("STATUS ref=S-1 state=processing")
        let result = await pos.expect("RESULT ref=S-1")
        #expect(field("status", in: result) == "paid")
        #expect(field("amount", in: result) == "4200")
        #expect(field("currency", in: result) == "JPY")

        // The POS restarted before it stored the result: it says HELLO and gets it again.
        pos.send("HELLO proto=1")
        await pos.expectNext("HELLO proto=1 box=BOX-7")
        #expect(await pos.readLine() == result)
        pos.send("DONE ref=S-1")
        await pos.expectNext("ACK ref=S-1 op=done")
        pos.send("HELLO")
        await pos.expectNext("HELLO proto=1 box=BOX-7")
        pos.send("PING")
        await pos.expectNext("PONG")  // nothing left to resend
        await box.stop()
        pos.close()
    }

    @Test("oversize and binary noise on the serial line get errors; the next order works")
    func noise() async throws {
        let pty = try PseudoTerminal()
        let box = try await Self.box(pty)
        defer { box.remove() }
        let pos = LineClient(pty: pty)
        await pos.expectNext("HELLO proto=1 box=BOX-7")
        pos.write(Array(repeating: 0x41, count: 3000) + [0x0A])
        #expect(field("code", in: await pos.readLine()) == "too-long")
        pos.write([0x00, 0x80, 0x0A])
        #expect(field("code", in: await pos.readLine()) == "malformed")
        pos.send("OPEN ref=S-2 amount=1250 currency=KWD")
        await pos.expectNext("ACK ref=S-2 op=open")
        await pos.expectNext("STATUS ref=S-2 state=waiting-for-code")
        #expect(await box.scan(code()) == "S-2")
        #expect(field("amount", in: await pos.expect("RESULT ref=S-2")) == "1250")
        await box.stop()
        pos.close()
    }
}
}
