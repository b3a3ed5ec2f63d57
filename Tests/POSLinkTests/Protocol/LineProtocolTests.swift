import Journal
import Glibc
@testable import POSLink
import Synchronization
import Testing
import TestSupport

extension POSLinkSuite {
@Suite("Line protocol")
struct LineProtocolTests {
    @Test("fields round-trip through percent-encoding, whatever text they hold")
    func roundTrip() throws {
        let line = ECRLine("OPEN", [("ref", "T42/0017"), ("amount", "1250"), ("currency", "USD"), ("desc", "2 cafés = 100% good")])
        #expect(line.description == "OPEN ref=T42/0017 amount=1250 currency=USD desc=2%20caf%C3%A9s%20%3D%20100%25%20good")
        let parsed = try ECRLine.parse(Array(line.description.utf8))
        #expect(parsed == line)
        #expect(parsed["desc"] == "2 cafés = 100% good")
    }

    @Test("malformed lines are named", arguments: [
        ("OPEN ref", ECRLine.ParseError.malformedField("ref")),
        ("OPEN =x", .malformedField("=x")),
        ("OPEN desc=%4", .badEscape("desc")),
        ("OPEN desc=%ZZ", .badEscape("desc")),
        ("OPEN desc=%FF", .badEscape("desc")),
        ("OPEN ref=a ref=b", .repeatedField("ref")),
        ("OPEN\tref=a", .notText),
        ("   ", .empty),
    ])
    func malformed(text: String, error: ECRLine.ParseError) {
        #expect(throws: error) { try ECRLine.parse(Array(text.utf8)) }
    }

    @Test("verbs and keys are case-insensitive; unknown keys are kept for later versions")
    func caseAndUnknownKeys() throws {
        let line = try ECRLine.parse(Array("open REF=A Amount=1 future=yes".utf8))
        #expect(line.verb == "OPEN")
        #expect(line["ref"] == "A")
        #expect(line["future"] == "yes")
    }

    @Test("the framer never holds more than its limit and reports each oversize line once")
    func framer() {
        var framer = LineFramer(maxLength: 8)
        var out: [LineFramer.Output] = []
        framer.feed(Array("PING\r\n0123456789abcdef".utf8)) { out.append($0) }
        framer.feed(Array("ghij\nPO".utf8)) { out.append($0) }
        framer.feed(Array("NG\n\n".utf8)) { out.append($0) }
        #expect(out == [.line(Array("PING".utf8)), .oversize, .line(Array("PONG".utf8)), .line([])])
    }

    @Test("stored results read back as sent")
    func storedResult() throws {
        let result = ECRResult.paid(nil, paymentId: "P 1", payer: PayerInfo())
        let restored = try #require(ECRResult(stored: result.stored))
        #expect(restored.line(reference: "A").description == "RESULT ref=A status=paid payment-id=P%201")
    }

    @Test("settings problems are named by key")
    func settings() {
        let ecr = ECRSettings(transport: .tcp(listen: "4100", allowedPeers: []), armTimeout: .zero, boxName: "box 7", maxLineLength: 10)
        #expect(ecr.validate().map(\.key) == ["ecr.listen", "ecr.arm-timeout", "ecr.max-line", "ecr.box-name"])
        let split = ECRSettings.split("[::1]:4100")
        #expect(split?.host == "::1" && split?.port == 4100)
        let tap = DisplayTapSettings(port: "", baudRate: 9601, currency: "EURO")
        #expect(tap.validate().map(\.key) == ["display-tap.port", "display-tap.baud", "display-tap.currency"])
        #expect(ConsoleSourceSettings(defaultCurrency: "usd").validate().first?.description
            == "console.currency: unknown currency code \"usd\" (expected an ISO-4217 code such as USD)")
    }
}
}

extension POSLinkSuite.LineProtocolTests {
    @Test("a POS that stops reading blocks only the writer thread: queueing never waits, overflow drops, stop returns")
    func writerNeverBlocksTheSource() async throws {
        let gate = Mutex(false)
        let written = Mutex<[String]>([])
        let writer = try #require(LineWriter(capacity: 4, logger: quiet) { line, _ in
            // The first write hangs like a wedged line until the test opens the gate.
            while !gate.withLock({ $0 }) { usleep(1000) }
            written.withLock { $0.append(line) }
            return true
        })
        #expect(writer.enqueue("A", for: 1))
        await expectEventually { writer.pendingCount == 0 }  // "A" is in hand, stuck
        for line in ["B", "C", "D", "E"] { #expect(writer.enqueue(line, for: 1)) }
        #expect(!writer.enqueue("F", for: 1))  // over capacity: dropped, not waited for
        gate.withLock { $0 = true }
        await expectEventually { written.withLock { $0 } == ["A", "B", "C", "D", "E"] }
        writer.stop()
        #expect(!writer.enqueue("G", for: 1))
    }
}

extension POSLinkSuite.LineProtocolTests {
    @Test("a line goes only to the connection it was meant for, never to the POS's next one")
    func linesStayWithTheirConnection() async throws {
        let link = TCPLink(host: "127.0.0.1", port: 0, allowedPeers: [], maxLineLength: 512, logger: quiet)
        let connections = Mutex<[Int]>([])
        try link.start { event in
            if case .connected(_, let connection) = event { connections.withLock { $0.append(connection) } }
        }
        defer { link.stop() }
        let port = try #require(link.boundPort)
        let first = try #require(LineClient.connect(port: port))
        await expectEventually { connections.withLock { $0.count } == 1 }
        let one = try #require(connections.withLock { $0.last })
        #expect(link.send("FOR-ONE", on: one))
        #expect(await first.readLine() == "FOR-ONE")

        let second = try #require(LineClient.connect(port: port))
        await expectEventually { connections.withLock { $0.count } == 2 }
        #expect(!link.send("LATE-FOR-ONE", on: one))
        let two = try #require(connections.withLock { $0.last })
        #expect(link.send("FOR-TWO", on: two))
        #expect(await second.readLine() == "FOR-TWO")
        #expect(await first.readLine() == nil)
    }
}
