import Antom
import PaymentModel
import FaultProxy
import Journal
import Settlement
import Testing
import TestSupport

/// Answers that arrive but cannot be trusted: whatever they claim, they are unknown until a
/// signed inquiry answer settles the payment.
@Suite("Network faults: broken and forged answers")
struct IntegrityFaultTests {
    /// Body replaced, headers (and the now wrong signature) kept.
    @Test func malformedJSONIsUnknownUntilInquired() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .malformedJSON)
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown)
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        #expect(try await h.journal.history(attempt.id).last?.reason == "inquiry: SUCCESS")
        try await h.expectInvariants()
        await h.stop()
    }

    /// Unreadable but correctly signed by the acquirer: the decoder, not the verifier, refuses it.
    @Test func signedMalformedJSONIsUnknownUntilInquired() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .signedMalformedJSON(try Keys.acquirer.get()))
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown)
        #expect(try await h.journal.history(attempt.id).last?.reason.contains("malformedResponse") == true)
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        try await h.expectInvariants()
        await h.stop()
    }

    /// An unsigned S is not a success: it is inquired, and the inquiry's signed answer decides.
    @Test func aStrippedSignatureIsNeverASuccess() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .stripSignature)
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown)
        #expect(h.events.succeeded.isEmpty)
        try await h.settle()
        #expect(try await h.journal.history(attempt.id).last?.reason == "inquiry: SUCCESS")
        try await h.expectInvariants()
        await h.stop()
    }

    /// A decline rewritten into a success, with the acquirer's signature or a stranger's valid
    /// one: never shown as paid; the inquiry learns the decline.
    @Test(arguments: ["tamperedBody", "signedWithAnotherKey"])
    func aForgedSuccessOverADeclineIsNeverPaid(forgery: String) async throws {
        let h = try await FaultHarness.make()
        let forged: Fault.Forgery = forgery == "tamperedBody" ? .tamperedBody : .signedWith(try Keys.stranger.get())
        h.proxy.plan = .first(.pay, .forgeSignature(forged))
        let attempt = try await h.pay(code("11"))  // the acquirer says: insufficient funds
        #expect(attempt.state == .unknown, "a forged S is unknown, not paid")
        #expect(h.events.succeeded.isEmpty)
        try await h.settle()
        let final = try await h.journal.attempt(attempt.id)
        #expect(final.state == .failed && final.resultCode == "USER_BALANCE_NOT_ENOUGH")
        #expect(h.events.succeeded.isEmpty)
        try await h.expectInvariants()
        await h.stop()
    }

    /// Every inquiry answer forged to SUCCESS while the customer actually fails verification on
    /// the phone: the box never believes it, runs out of inquiries and cancels.
    @Test func forgedInquiryAnswersEndInACancel() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([.on(.inquiryPayment, .always, .forgeSignature(.signedWith(try Keys.stranger.get())))])
        let attempt = try await h.pay(code("02"))
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        #expect(h.events.succeeded.isEmpty)
        let status = await h.simulator.ledger.snapshot().entry(attempt.paymentRequestId)?.status
        #expect(status == "CANCELLED")
        try await h.expectInvariants()
        await h.stop()
    }

    /// A genuine, signed inquiry SUCCESS about another payment, replayed as the answer for a
    /// declined one: the signature verifies (it covers the path and the body, not the request),
    /// so only checking which payment the answer is about keeps the decline a decline.
    @Test func aReplayedInquiryAnswerAboutAnotherPaymentIsNotASuccess() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([
            .on(.pay, .always, .resetAfterProcessed),
            .on(.inquiryPayment, .nth(2), .replayEarlierAnswer),
        ])
        let paid = try await h.pay(code(), order: "ORD-A")
        await h.engine.runDue()  // inquiry 1: A's genuine SUCCESS
        #expect(try await h.journal.attempt(paid.id).state == .succeeded)
        let declined = try await h.pay(code("11"), order: "ORD-B")
        try await h.settle()  // inquiry 2 gets A's answer again; later ones are B's own
        let final = try await h.journal.attempt(declined.id)
        #expect(final.state == .failed && final.resultCode == "USER_BALANCE_NOT_ENOUGH", "\(final.state)")
        #expect(h.proxy.log.filter { $0.endpoint == .inquiryPayment }.count >= 3, "the replayed answer was not taken")
        try await h.expectInvariants()
        await h.stop()
    }

    /// The same for cancel: a replayed "cancelled" about another payment must not close this one.
    @Test func aReplayedCancelAnswerAboutAnotherPaymentIsNotACancel() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([.on(.cancel, .nth(2), .replayEarlierAnswer)])
        let first = try await h.pay(code("03"), order: "ORD-A")  // never confirmed: cancelled
        try await h.settle()
        #expect(try await h.journal.attempt(first.id).state == .cancelled)
        let second = try await h.pay(code("03"), order: "ORD-B")
        try await h.settle()
        #expect(try await h.journal.attempt(second.id).state == .cancelled)
        // B's cancel was forwarded, only its answer replaced: the inquiry after the untrusted
        // answer finds B cancelled, with no third cancel.
        #expect(h.proxy.log.filter { $0.endpoint == .cancel }.count == 2)
        #expect(try await h.journal.history(second.id).last?.reason.contains("inquiry: CANCELLED") == true, "settled by the inquiry, not by the replay")
        #expect(await h.simulator.ledger.snapshot().entry(second.paymentRequestId)?.status == "CANCELLED")
        try await h.expectInvariants()
        await h.stop()
    }
}

/// Genuinely signed answers that name no payment (issue 15): an inquiry SUCCESS or a cancel S
/// that does not say which payment it is about proves nothing about this one.
@Suite("Network faults: signed answers that name no payment")
struct NamelessAnswerTests {
    @Test func anInquirySuccessNamingNoPaymentIsNeverPaid() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([
            .on(.pay, .always, .resetAfterProcessed),
            .on(.inquiryPayment, .always, .signedWithoutIdentifiers(try Keys.acquirer.get())),
        ])
        let attempt = try await h.pay(code())
        try await h.settle()
        #expect(h.events.succeeded.isEmpty, "never shown as paid on a nameless SUCCESS")
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled, "the cancel reversed it")
        #expect(await h.simulator.ledger.snapshot().entry(attempt.paymentRequestId)?.status == "CANCELLED")
        try await h.expectInvariants()
        await h.stop()
    }

    @Test func aCancelSuccessNamingNoPaymentIsNotACancel() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([.on(.cancel, .nth(1), .signedWithoutIdentifiers(try Keys.acquirer.get()))])
        let attempt = try await h.pay(code("03"))  // pending until cancelled
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        let last = try await h.journal.history(attempt.id).last?.reason ?? ""
        #expect(last.contains("cancel SUCCESS that does not name") && last.contains("inquiry: CANCELLED"),
                "the nameless S was not taken; the inquiry that followed found it cancelled: \(last)")
        try await h.expectInvariants()
        await h.stop()
    }
}
