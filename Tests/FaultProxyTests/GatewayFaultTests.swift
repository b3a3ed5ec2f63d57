import Antom
import PaymentModel
import FaultProxy
import Journal
import Settlement
import Testing

/// HTTP errors from something between the box and the acquirer, and the wrong TLS certificate.
@Suite("Network faults: gateway errors and TLS")
struct GatewayFaultTests {
    /// A 500 or 429 that the acquirer never saw: unknown, inquiry finds nothing, cancel closes it.
    @Test(arguments: [500, 429])
    func anErrorBeforeForwardingEndsCancelledAndUnpaid(status: Int) async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .status(status, .beforeForwarding))
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown, "HTTP \(status) is not a decline")
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        #expect(await h.simulator.ledger.snapshot().payments.isEmpty)
        #expect(h.proxy.log.filter { $0.endpoint == .pay }.count == 1)
        try await h.expectInvariants()
        await h.stop()
    }

    /// A 500 or 429 in place of the acquirer's S: the money moved, and only the inquiry may say so.
    @Test(arguments: [500, 429])
    func anErrorAfterProcessingIsSettledByInquiry(status: Int) async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .status(status, .afterProcessing))
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown)
        #expect(!h.events.kinds.contains { if case .declined = $0 { true } else { false } }, "never a decline")
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        #expect(try await h.journal.history(attempt.id).last?.reason == "inquiry: SUCCESS")
        try await h.expectInvariants()
        await h.stop()
    }

    /// The inquiry's own answers fail for a while: the box keeps asking and then learns the truth.
    @Test func errorsOnInquiryAreAskedAgain() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([.on(.inquiryPayment, .first(2), .status(500, .afterProcessing))])
        let attempt = try await h.pay(code("01"))  // confirms on the phone at the 2nd inquiry
        #expect(attempt.state == .unknown)
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        #expect(h.proxy.log.filter { $0.endpoint == .inquiryPayment }.count == 3)
        try await h.expectInvariants()
        await h.stop()
    }

    /// The endpoint presents a certificate from a CA the box does not trust: the handshake fails
    /// before a byte of the request leaves, so the code is queued, never paid, and expires.
    @Test func aWrongCertificateNeverReachesTheAcquirer() async throws {
        let h = try await FaultHarness.make(tls: .impostor)
        let attempt = try await h.pay(code())
        #expect(attempt.state == .captured)
        #expect(try await h.journal.history(attempt.id).last?.reason.hasPrefix("not sent: TLS") == true)
        #expect(h.events.kinds == [.processing, .queuedOffline])
        try await h.settle(step: .seconds(6))
        #expect(try await h.journal.attempt(attempt.id).state == .expired)
        #expect(h.proxy.log.isEmpty, "no request got past the TLS front")
        #expect(await h.simulator.ledger.snapshot().requests == 0)
        try await h.expectInvariants()
        await h.stop()
    }

    /// The control for the one above: the same setup with the trusted CA's certificate pays.
    @Test func theRightCertificatePays() async throws {
        let h = try await FaultHarness.make(tls: .genuine)
        let attempt = try await h.pay(code())
        #expect(attempt.state == .succeeded)
        #expect(h.proxy.log.map(\.endpoint) == [.pay])
        try await h.expectInvariants()
        await h.stop()
    }
}
