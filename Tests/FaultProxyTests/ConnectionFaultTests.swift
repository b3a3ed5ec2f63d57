import Antom
import PaymentModel
import FaultProxy
import Journal
import Settlement
import Testing

/// Faults of the connection itself, between the box and the acquirer: the attempt must end in
/// the state the acquirer's books justify, whatever was lost on the way.
@Suite("Network faults: connections")
struct ConnectionFaultTests {
    @Test func passingProxyChangesNothing() async throws {
        let h = try await FaultHarness.make()
        let attempt = try await h.pay(code())
        #expect(attempt.state == .succeeded)
        #expect(h.events.kinds.count == 2 && h.events.kinds.first == .processing)
        #expect(h.proxy.log.map(\.delivered) == [.answered])
        try await h.expectInvariants()
        await h.stop()
    }

    /// Refused connects: nothing left the box, so the code is queued and the same request goes
    /// out once the acquirer takes connections again.
    @Test func refusedConnectionsQueueThePayUntilTheLinkIsBack() async throws {
        let h = try await FaultHarness.make()
        h.proxy.link = .refusing
        let attempt = try await h.pay(code())
        #expect(attempt.state == .captured)
        #expect(h.events.kinds == [.processing, .queuedOffline])
        let ledger = await h.simulator.ledger.snapshot()
        #expect(h.proxy.log.isEmpty && ledger.requests == 0, "nothing reached the acquirer")

        try await h.settle(step: .seconds(1), limit: 2)
        #expect(try await h.journal.attempt(attempt.id).state == .captured, "still refused: still queued")
        h.proxy.link = .up
        try await h.settle(step: .seconds(2))
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        #expect(h.events.kinds.filter { $0 == .queuedOffline }.count == 1)
        let pays = h.proxy.log.filter { $0.endpoint == .pay }
        #expect(pays.map(\.paymentRequestId) == [attempt.paymentRequestId], "sent once, with the queued request id")
        try await h.expectInvariants()
        await h.stop()
    }

    @Test func refusedConnectionsPastTheCodesLifeExpireIt() async throws {
        let h = try await FaultHarness.make()
        h.proxy.link = .refusing
        let attempt = try await h.pay(code())
        try await h.settle(step: .seconds(6))
        #expect(try await h.journal.attempt(attempt.id).state == .expired)
        #expect(h.events.kinds.last == .expired)
        #expect(await h.simulator.ledger.snapshot().payments.isEmpty)
        try await h.expectInvariants()
        await h.stop()
    }

    /// The connection dies after the request left the box but before the acquirer saw it. The
    /// box cannot tell, so it inquires; the acquirer has never heard of it, and the cancel closes
    /// the request id so a late copy could not succeed either.
    @Test func resetBeforeTheRequestEndsCancelledAndUnpaid() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .resetBeforeRequest)
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown, "the body was handed to the connection: it may have arrived")
        try await h.settle()
        let final = try await h.journal.attempt(attempt.id)
        #expect(final.state == .cancelled)
        #expect(h.events.kinds.last == .cancelled)
        #expect(!h.events.kinds.contains { if case .succeeded = $0 { true } else { false } })
        #expect(h.proxy.log.first?.forwarded == false)
        #expect(await h.simulator.ledger.snapshot().payments.isEmpty, "never paid")
        let pays = h.proxy.log.filter { $0.endpoint == .pay }
        #expect(pays.count == 1, "never re-paid on its own: \(pays)")
        try await h.expectInvariants()
        await h.stop()
    }

    /// The dangerous one: the acquirer took the money and the answer was lost. Success is shown
    /// only after a signed inquiry says SUCCESS.
    @Test func resetAfterTheAcquirerProcessedThePayIsFoundByInquiry() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .resetAfterProcessed)
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown)
        #expect(h.events.kinds == [.processing], "nothing shown yet: not paid, not failed")
        #expect(await h.simulator.ledger.snapshot().entry(attempt.paymentRequestId)?.status == "SUCCESS", "the acquirer did take it")
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        #expect(try await h.journal.history(attempt.id).last?.reason == "inquiry: SUCCESS")
        #expect(h.events.succeeded.count == 1)
        try await h.expectInvariants()
        await h.stop()
    }

    /// A cancel whose answer is lost after the acquirer cancelled: the inquiry that follows an
    /// unanswered cancel finds it cancelled; nothing stays paid, and no second cancel is needed.
    @Test func resetAfterTheAcquirerProcessedACancelIsCancelledAgain() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.cancel, .resetAfterProcessed)
        let attempt = try await h.pay(code("03"))  // the customer never confirms
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        #expect(h.proxy.log.filter { $0.endpoint == .cancel }.count == 1)
        #expect(try await h.journal.history(attempt.id).last?.reason.hasSuffix("inquiry: CANCELLED") == true)
        #expect(await h.simulator.ledger.snapshot().entry(attempt.paymentRequestId)?.status == "CANCELLED")
        try await h.expectInvariants()
        await h.stop()
    }

    @Test func aShortDelayIsJustASlowSuccess() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .delay(.milliseconds(300)))
        let attempt = try await h.pay(code())
        #expect(attempt.state == .succeeded)
        #expect(try await h.journal.history(attempt.id).last?.reason == "pay: SUCCESS")
        try await h.expectInvariants()
        await h.stop()
    }

    /// Longer than the pay timeout: the box gave up after sending, so the outcome is unknown
    /// (never failed) and the inquiry finds the payment.
    @Test func aDelayPastThePayTimeoutIsSettledByInquiry() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .delay(FaultHarness.payTimeout + .milliseconds(700)))
        let attempt = try await h.pay(code())
        #expect(attempt.state == .unknown)
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        #expect(try await h.journal.history(attempt.id).last?.reason == "inquiry: SUCCESS")
        try await h.expectInvariants()
        await h.stop()
    }

    @Test func aDrippedAnswerIsStillTheAcquirersAnswer() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([.on(nil, .always, .drip(bytes: 16, every: .milliseconds(2)))])
        let paid = try await h.pay(code())
        let declined = try await h.pay(code("11"), order: "ORD-2")
        #expect(paid.state == .succeeded)
        #expect(declined.state == .declined && declined.resultCode == "USER_BALANCE_NOT_ENOUGH")
        try await h.expectInvariants()
        await h.stop()
    }

    /// A cut answer is no answer: nothing read from it, neither success nor decline.
    @Test(arguments: [0, 25, -10])
    func aTruncatedAnswerIsUnknownUntilInquired(keep: Int) async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([.on(.pay, .always, .truncate(keep: keep))])
        let paid = try await h.pay(code())
        let declined = try await h.pay(code("11"), order: "ORD-2")
        #expect(paid.state == .unknown && declined.state == .unknown, "keep \(keep): \(paid.state), \(declined.state)")
        try await h.settle()
        #expect(try await h.journal.attempt(paid.id).state == .succeeded)
        let final = try await h.journal.attempt(declined.id)
        #expect(final.state == .failed && final.resultCode == "USER_BALANCE_NOT_ENOUGH", "the decline is learnt from the inquiry")
        try await h.expectInvariants()
        await h.stop()
    }

    /// The answer is lost after the acquirer took the money, and then the link stays down past
    /// the inquiry budget: the box cannot learn the outcome, so once the link is back it cancels,
    /// and the acquirer reverses the payment. Not paid on either side.
    @Test func anOutageAfterALostAnswerEndsInAReversal() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = .first(.pay, .resetAfterProcessed)
        let attempt = try await h.pay(code())
        h.proxy.link = .refusing
        try await h.settle(limit: 6)
        #expect(try await h.journal.attempt(attempt.id).state == .cancelling, "still unknown after every inquiry: cancel")
        #expect(h.events.succeeded.isEmpty)
        h.proxy.link = .up
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        let entry = await h.simulator.ledger.snapshot().entry(attempt.paymentRequestId)
        #expect(entry?.status == "CANCELLED" && entry?.everPaid == true, "paid, then reversed by the cancel")
        try await h.expectInvariants()
        await h.stop()
    }
}
