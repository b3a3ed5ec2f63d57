import Antom
import PaymentModel
import FaultProxy
import Journal
import Settlement
import Testing

/// Issue 15: refunds and reversals through the engine, end to end over HTTP against the
/// simulator, with the fault proxy losing answers and requests on the way. Each ends with the
/// journal and the acquirer's ledger agreeing, and no money moved twice.
@Suite("Faults: refunds and reversals")
struct MoneyMovementFaultTests {
    /// Requests for one endpoint the proxy carried to the simulator.
    static func sent(_ proxy: FaultProxy, _ endpoint: Endpoint) -> Int {
        proxy.log.filter { $0.endpoint == endpoint }.count
    }

    @Test func aLostRefundAnswerIsSettledByInquiryAndNeverSentAgain() async throws {
        let h = try await FaultHarness.make()
        let paid = try await h.pay(code())
        #expect(paid.state == .succeeded)
        // The acquirer books the refund; its answer is lost on the way back.
        h.proxy.plan = FaultPlan([.on(.refund, .nth(1), .resetAfterProcessed)])
        let first = await h.engine.refund(attemptId: paid.id, amountMinor: 500, source: "console", reason: "test")
        guard case .pending(let id) = first else { Issue.record("expected pending, got \(first)"); return }
        #expect(try await h.journal.refund(refundRequestId: id)?.state == .unknown)
        // Asking again with the same id sends nothing: the refund is already in the engine's hands.
        #expect(await h.engine.refund(attemptId: paid.id, amountMinor: 500, refundRequestId: id, source: "console", reason: "test") == .pending(refundRequestId: id))
        h.clock.advance(.seconds(3))
        await h.engine.runDue()
        let settled = try #require(try await h.journal.refund(refundRequestId: id))
        #expect(settled.state == .refunded && settled.reason == "inquiryRefund: SUCCESS" && settled.refundId != nil)
        #expect(Self.sent(h.proxy, .refund) == 1, "one refund request, ever")
        #expect(Self.sent(h.proxy, .inquiryRefund) == 1)
        let ledger = await h.simulator.ledger.snapshot()
        #expect(ledger.payments.first?.refunded == "500")
        // The same id once final answers the journal's result, still without sending.
        guard case .refunded(let money, _, id) = await h.engine.refund(attemptId: paid.id, amountMinor: 500, refundRequestId: id,
                                                                          source: "pos", reason: "again") else {
            Issue.record("a final refund answers its result"); return
        }
        #expect(money.minorUnits == 500 && Self.sent(h.proxy, .refund) == 1)
        await h.stop()
    }

    @Test func aRefundThatNeverArrivedIsSentAgainUnderTheSameId() async throws {
        let h = try await FaultHarness.make()
        let paid = try await h.pay(code())
        h.proxy.plan = FaultPlan([.on(.refund, .nth(1), .resetBeforeRequest)])
        guard case .pending(let id) = await h.engine.refund(attemptId: paid.id, amountMinor: nil, source: "pos", reason: "test") else {
            Issue.record("expected pending"); return
        }
        h.clock.advance(.seconds(3))
        await h.engine.runDue()  // inquiryRefund: no such refund → the same request again
        #expect(try await h.journal.refund(refundRequestId: id)?.state == .refunded)
        let refunds = h.proxy.log.filter { $0.endpoint == .refund }
        #expect(refunds.count == 2, "the lost one and the resend")
        let ledger = await h.simulator.ledger.snapshot()
        #expect(ledger.payments.first?.refunded == "1234", "refunded once, in full")
        await h.stop()
    }

    @Test func refundsNeverExceedWhatWasPaidEvenAskedTogether() async throws {
        let h = try await FaultHarness.make()
        let paid = try await h.pay(code())
        // Five refunds of 400 at once against 1234 paid: three fit, two must be refused by the box.
        let engine = h.engine
        let results = await withTaskGroup(of: RefundResult.self) { group in
            for _ in 0..<5 { group.addTask { await engine.refund(attemptId: paid.id, amountMinor: 400, source: "pos", reason: "race") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let refunded = results.filter { if case .refunded = $0 { true } else { false } }
        let refused = results.filter { if case .refused = $0 { true } else { false } }
        #expect(refunded.count == 3 && refused.count == 2, "\(results)")
        #expect(try await h.journal.refundedMinor(attemptId: paid.id) == 1200)
        #expect(Self.sent(h.proxy, .refund) == 3, "a refused refund never leaves the box")
        // A declined refund does not count: what is left stays refundable.
        #expect(await h.engine.refund(attemptId: paid.id, amountMinor: 35, source: "pos", reason: "too much") != .pending(refundRequestId: ""))
        #expect(try await h.journal.refundedMinor(attemptId: paid.id) == 1200, "35 > 34 left: refused")
        guard case .refunded = await h.engine.refund(attemptId: paid.id, amountMinor: 34, source: "pos", reason: "the rest") else {
            Issue.record("the last 34 fit"); return
        }
        #expect(await h.simulator.ledger.snapshot().payments.first?.refunded == "1234")
        await h.stop()
    }

    @Test func anUnfinishedRefundResumesInANewEngineAfterARestart() async throws {
        let h = try await FaultHarness.make()
        let paid = try await h.pay(code())
        h.proxy.plan = FaultPlan([.on(.refund, .always, .resetAfterProcessed)])
        guard case .pending(let id) = await h.engine.refund(attemptId: paid.id, amountMinor: 100, source: "console", reason: "test") else {
            Issue.record("expected pending"); return
        }
        // The box restarts: a new engine over the same journal file finds the refund and settles it.
        h.proxy.plan = .passAll
        let restarted = h.restartedEngine()
        h.clock.advance(.seconds(3))
        await restarted.runDue()
        #expect(try await h.journal.refund(refundRequestId: id)?.state == .refunded)
        #expect(Self.sent(h.proxy, .refund) == 1)
        #expect(await h.simulator.ledger.snapshot().payments.first?.refunded == "100")
        await h.stop()
    }

    @Test func aReversalWhoseCancelAnswerIsLostEndsCancelledByInquiry() async throws {
        let h = try await FaultHarness.make()
        let paid = try await h.pay(code())
        h.proxy.plan = FaultPlan([.on(.cancel, .nth(1), .resetAfterProcessed)])
        #expect(await h.engine.reverse(attemptId: paid.id, source: "pos") == .reversed)
        let reversed = try await h.journal.attempt(paid.id)
        #expect(reversed.state == .cancelled && reversed.reversalSource == "pos")
        #expect(try await h.journal.history(paid.id).suffix(2).map(\.to) == [.cancelling, .cancelled])
        #expect(h.events.kinds.last == .reversed(source: "pos"))
        #expect(await h.simulator.ledger.snapshot().payments.first?.status == "CANCELLED")
        // Nothing more can be moved on it.
        guard case .refused = await h.engine.refund(attemptId: paid.id, amountMinor: nil, source: "pos", reason: "after") else {
            Issue.record("a reversed payment cannot be refunded"); return
        }
        await h.stop()
    }

    @Test func aReversalTheAcquirerRefusesLeavesThePaymentPaid() async throws {
        var policy = FaultHarness.defaultPolicy()
        policy.maxInquiries = 1
        let h = try await FaultHarness.make(policy: policy)
        // Scenario 28: the payment completes and can then no longer be cancelled.
        let attempt = try await h.pay(code("28"))
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        let before = h.events.all.count
        guard case .refused(let why) = await h.engine.reverse(attemptId: attempt.id, source: "console") else {
            Issue.record("expected a refused reversal"); return
        }
        #expect(why.contains("cancel: F ORDER_STATUS_INVALID; inquiry: SUCCESS"), "\(why)")
        #expect(why.contains("refund it instead"))
        let after = try await h.journal.attempt(attempt.id)
        #expect(after.state == .succeeded && after.reversalSource == "console")
        #expect(h.events.all.count == before, "nothing shown again: it was paid all along")
        #expect(await h.simulator.ledger.snapshot().payments.first?.status == "SUCCESS")
        // The money comes back by refund.
        guard case .refunded = await h.engine.refund(attemptId: attempt.id, amountMinor: nil, source: "console", reason: "after reversal") else {
            Issue.record("a refund after a refused reversal"); return
        }
        await h.stop()
    }
}
