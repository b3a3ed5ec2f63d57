import Antom
import PaymentModel
import CSQLite3
import Journal
import Settlement
import Testing

/// Issue 15: a cancel that is refused or unanswered is followed by an inquiry, which decides; the
/// cancel deadline is a calendar time; answers that do not tie themselves to the payment are
/// inquired, never taken. Against the real simulator over HTTP, with time moved by hand.
@Suite("Settlement: cancel follow-up and untrusted answers")
struct CancelFollowUpTests {
    @Test func aCancelRefusedBecauseThePaymentCompletedEndsPaid() async throws {
        var policy = SettlementPolicy()
        policy.maxInquiries = 2
        let h = try await SettlementHarness.make(policy: policy)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("28")))
        #expect(attempt.state == .unknown)
        await h.tick(.seconds(3), times: 3)  // two inquiries say PROCESSING, then the cancel
        let settled = try await h.journal.attempt(attempt.id)
        #expect(settled.state == .succeeded, "the refused cancel was followed by an inquiry that found it paid")
        #expect(try await h.journal.history(attempt.id).last?.reason == "cancel: F ORDER_STATUS_INVALID; inquiry: SUCCESS")
        #expect(h.events.kinds.contains { if case .succeeded = $0 { true } else { false } }, "the merchant and the POS are told it is paid")
        #expect(await h.ledger()?.payments.first?.status == "SUCCESS")
        #expect(await h.ledger()?.ordersPaidMoreThanOnce == [])
        await h.stop()
    }

    @Test func aRefusedCancelOfASecondPaymentForAPaidOrderGoesToAPersonWithTheRefundToMake() async throws {
        var policy = SettlementPolicy()
        policy.maxInquiries = 1
        let h = try await SettlementHarness.make(policy: policy)
        defer { h.remove() }
        let first = try #require(try await h.pay(code("28"), order: "ORD-TWICE"))
        await h.tick(.seconds(3), times: 1)  // the one inquiry: PROCESSING → cancelling
        #expect(try await h.journal.attempt(first.id).state == .cancelling)
        // Meanwhile the order was paid by another attempt (as after a crash mid-cancel, or a
        // second box); written straight into the journal, as the engine itself never allows it.
        var db: OpaquePointer?
        #expect(sqlite3_open(h.directory + "/journal.sqlite", &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, """
            INSERT INTO attempts (order_reference, payment_request_id, code_masked, amount_minor, currency, state, captured_at, code_expires_at, updated_at)
            VALUES ('ORD-TWICE', 'OTHER-1', 'x', 1234, 'USD', 'succeeded', 1, 2, 3)
            """, nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        await h.tick(.seconds(3), times: 2)
        let stuck = try await h.journal.attempt(first.id)
        #expect(stuck.state == .needsAttention)
        #expect(stuck.reason?.contains("already paid by another attempt: refund payment") == true, "\(stuck.reason ?? "")")
        #expect(h.events.kinds.last == .needsAttention)
        await h.stop()
    }

    @Test func whereNoCancelIsPossibleAnUnknownGoesToAPersonWithTheReasonAndNoCancelIsSent() async throws {
        var policy = SettlementPolicy()
        policy.maxInquiries = 2
        policy.cancelSupported = false
        let h = try await SettlementHarness.make(policy: policy)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("28")))  // stays PROCESSING at inquiry
        await h.tick(.seconds(3), times: 3)
        let stuck = try await h.journal.attempt(attempt.id)
        #expect(stuck.state == .needsAttention)
        #expect(stuck.reason?.contains("cannot be cancelled (settlement.cancel-supported = false)") == true, "\(stuck.reason ?? "")")
        #expect(stuck.cancelTries == 0 && h.events.kinds.last == .needsAttention)
        #expect(await h.ledger()?.payments.first?.status == "PROCESSING", "no cancel reached the acquirer")
        await h.stop()
    }

    @Test("REPEAT_REQ_INCONSISTENT and a nameless S on pay are inquired and end paid", arguments: ["26", "27"])
    func untrustedPayAnswersAreInquired(suffix: String) async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code(suffix)))
        #expect(attempt.state == .unknown, "never declined, never paid on that answer alone")
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        #expect(try await h.journal.history(attempt.id).last?.reason == "inquiry: SUCCESS")
        #expect(await h.ledger()?.payments.count == 1, "one payment at the acquirer")
        await h.stop()
    }

    @Test("the cancel deadline is a calendar time at its offset", arguments: [
        // paid at (UTC)          → deadline (UTC): 00:15 UTC+8 on the next calendar day there
        ("2026-12-03T10:00:00Z", "2026-12-03T16:15:00Z"),
        ("2026-12-03T15:59:59Z", "2026-12-03T16:15:00Z"),
        ("2026-12-03T16:00:00Z", "2026-12-04T16:15:00Z"),  // already the 4th in UTC+8
        ("2026-12-31T23:00:00Z", "2027-01-01T16:15:00Z"),
    ])
    func cancelDeadline(paid: String, deadline: String) throws {
        let paidAt = try #require(Timestamp.epochSeconds(parsing: paid)) * 1000
        let expected = try #require(Timestamp.epochSeconds(parsing: deadline)) * 1000
        #expect(CancelDeadline.antom.instant(forPaymentAt: paidAt) == expected)
        #expect(CancelDeadline.antom.description == "00:15 UTC+08:00 the next day")
    }

    @Test func aDeadlineWestOfUTCTheSameDay() throws {
        // 06:30 at UTC-03:30 on the 3rd → 23:59 there the same day = 03:29 UTC on the 4th.
        let paidAt = try #require(Timestamp.epochSeconds(parsing: "2026-12-03T10:00:00Z")) * 1000
        let westward = CancelDeadline(minuteOfDay: 23 * 60 + 59, utcOffsetSeconds: -(3 * 3600 + 1800), daysAfter: 0)
        #expect(westward.instant(forPaymentAt: paidAt) == (try #require(Timestamp.epochSeconds(parsing: "2026-12-04T03:29:00Z"))) * 1000)
        #expect(westward.description == "23:59 UTC-03:30 the same day")
    }
}
