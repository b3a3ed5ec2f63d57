import Antom
import PaymentModel
import AntomSimulator
import FaultAudit
import FaultProxy
import Foundation
import Journal
import ScannerSimulator
import Testing
import TestSupport

/// The real agent (`scanbridge demo-agent`: a pty scanner, a fixed price, the sim board's
/// indicators logged to a file) paying through the fault proxy. The pay's answer is lost after
/// the acquirer took the money, and the inquiries fail for a while: all that time the merchant
/// must not see success; once an inquiry gets through, the light turns green.
@Suite("Agent end to end through the fault proxy", .serialized)
struct AgentThroughProxyTests {
    @Test func successIsShownOnlyOnceAnInquiryVerifiedTheLostAnswer() async throws {
        let box = try BoxFiles()
        defer { box.remove() }
        let directory = box.directory
        let simulator = try box.simulator()
        let proxy = try FaultProxy(upstreamPort: try await simulator.start())
        proxy.start()
        proxy.plan = FaultPlan([
            .on(.pay, .nth(1), .resetAfterProcessed),
            .on(.inquiryPayment, .always, .status(503, .beforeForwarding)),
        ])
        let scanner = try ScriptedScanner()
        let indicators = directory + "/indicators.jsonl"
        let agent = try box.startAgent(scanner: scanner.path, acquirer: "http://127.0.0.1:\(proxy.port)", journal: directory + "/journal.sqlite")
        func shownSuccess() -> Bool {
            ((try? String(contentsOfFile: indicators, encoding: .utf8)) ?? "").contains(#""pattern":"success""#)
        }
        func inquiries() -> Int { proxy.log.filter { $0.endpoint == .inquiryPayment }.count }

        #expect(await eventually { await simulator.ledger.snapshot().warmups > 0 }, "the agent is up and warmed its connection")
        try scanner.scan("28100102" + (0..<14).map { _ in String(Int.random(in: 0...9)) }.joined() + "00", aim: "]C0")
        #expect(await eventually { inquiries() >= 2 }, "the lost answer is being inquired")
        let paid = await simulator.ledger.snapshot().payments
        #expect(paid.count == 1 && paid.first?.status == "SUCCESS", "the acquirer has the money")
        #expect(!shownSuccess(), "no green while the box cannot verify it")

        proxy.plan = .passAll
        #expect(await eventually { shownSuccess() }, "green once a signed inquiry says SUCCESS")
        agent.terminate()
        #expect(await exitStatus(of: agent) == 0)

        let journal = try Journal(path: directory + "/journal.sqlite")
        let attempts = try await journal.attempts(order: try #require(paid.first?.referenceOrderId))
        #expect(attempts.map(\.state) == [.succeeded])
        if let attempt = attempts.first {
            #expect(try await journal.history(attempt.id).last?.reason == "inquiry: SUCCESS")
        }
        #expect(JournalLedgerAgreement.disagreements(attempts: attempts, ledger: await simulator.ledger.snapshot()) == [])
        #expect(proxy.log.filter { $0.endpoint == .pay }.count == 1, "paid once, never re-sent")
        proxy.stop()
        await simulator.stop()
    }

    private func binary(_ name: String) throws -> URL { try builtExecutable(name) }
}
