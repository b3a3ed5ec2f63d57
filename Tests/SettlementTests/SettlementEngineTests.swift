import Antom
import PaymentModel
import CSQLite3
import Journal
import Settlement
import Synchronization
import Testing

/// The settlement state machine against the real simulator over HTTP, with time moved by hand.
@Suite("Settlement engine")
struct SettlementEngineTests {
    /// The pay is started by whichever of the commit and the signature finishes second, from
    /// that thread: look in the journal file, from another connection, the moment each pay reaches
    /// the acquirer.
    @Test("every pay reaches the acquirer with its order and attempt already committed")
    func payArrivesOnlyAfterItsCommit() async throws {
        let seen = Mutex<[(code: String, attempts: Int32, orders: Int32)]>([])
        let directory = SettlementHarness.makeDirectory()
        let journalPath = directory + "/journal.sqlite"
        let h = try await SettlementHarness.make(directory: directory, payObserver: { code, _ in
            var db: OpaquePointer?
            var statement: OpaquePointer?
            defer { sqlite3_finalize(statement); sqlite3_close(db) }
            guard sqlite3_open_v2(journalPath, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK,
                  sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM attempts WHERE code = ?1), (SELECT count(*) FROM orders o JOIN attempts a ON a.order_reference = o.reference WHERE a.code = ?1)", -1, &statement, nil) == SQLITE_OK,
                  sqlite3_bind_text(statement, 1, code, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self)) == SQLITE_OK,
                  sqlite3_step(statement) == SQLITE_ROW else { seen.withLock { $0.append((code, -1, -1)) }; return }
            let row = (code, sqlite3_column_int(statement, 0), sqlite3_column_int(statement, 1))
            seen.withLock { $0.append(row) }
        })
        defer { h.remove() }
        var codes: [String] = []
        for index in 0..<30 {
            let scanned = code("00")
            codes.append(scanned)
            let order = Order(reference: "FIX-\(index)", amountMinor: 500, currency: "USD", source: "fixed", createdAt: h.clock.now())
            // Every third commit is held back by another writer for a while, so the signature
            // surely finishes first; the pay must still wait for the commit.
            var blocker: OpaquePointer?
            if index % 3 == 0 {
                #expect(sqlite3_open(journalPath, &blocker) == SQLITE_OK && sqlite3_exec(blocker, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
            }
            let engine = h.engine
            let paying = Task { await engine.submit(code: scanned, masked: "281001…", opening: order) }
            if let blocker {
                try await Task.sleep(for: .milliseconds(150))
                sqlite3_exec(blocker, "ROLLBACK", nil, nil, nil)
                sqlite3_close(blocker)
            }
            #expect(await paying.value?.state == .succeeded)
        }
        let rows = seen.withLock { $0 }
        #expect(rows.map(\.code) == codes)
        #expect(rows.allSatisfy { $0.attempts == 1 && $0.orders == 1 }, "\(rows.filter { $0.attempts != 1 || $0.orders != 1 })")
        await h.stop()
    }

    @Test func immediateSuccess() async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let attempt = try await h.pay(code("00"))
        #expect(attempt?.state == .succeeded)
        #expect(attempt?.paymentId != nil)
        #expect(attempt?.code == nil, "a final attempt keeps no payment code")
        #expect(h.events.kinds == [.processing, .succeeded(paymentId: attempt?.paymentId)])
        let ledger = await h.ledger()
        #expect(ledger?.payments.map(\.status) == ["SUCCESS"])
        await h.stop()
    }

    @Test(arguments: [("11", DeclineReason.insufficientFunds), ("12", .verificationFailed), ("13", .limit),
                      ("14", .risk), ("15", .invalidOrExpiredCode), ("17", .orderClosed)])
    func declines(suffix: String, reason: DeclineReason) async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let attempt = try await h.pay(code(suffix))
        #expect(attempt?.state == .declined)
        guard case .declined(let seen, _)? = h.events.kinds.last else { Issue.record("no decline event: \(h.events.kinds)"); return }
        #expect(seen == reason)
        await h.stop()
    }

    @Test func passwordRequiredThenPaid() async throws {
        let h = try await SettlementHarness.make(passwordInquiries: 2)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("01")))
        #expect(attempt.state == .unknown)
        #expect(h.events.kinds.contains(.waitingForCustomer))
        await h.engine.runDue()  // first inquiry: still processing
        #expect(try await h.journal.attempt(attempt.id).state == .inquiring)
        await h.tick()           // second inquiry: SUCCESS
        let final = try await h.journal.attempt(attempt.id)
        #expect(final.state == .succeeded)
        #expect(h.events.kinds.filter { if case .succeeded = $0 { true } else { false } }.count == 1)
        #expect(try await h.journal.history(attempt.id).map(\.to) == [.captured, .submitting, .unknown, .inquiring, .succeeded])
        await h.stop()
    }

    @Test func passwordRequiredThenWrongPassword() async throws {
        let h = try await SettlementHarness.make(passwordInquiries: 1)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("02")))
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .failed)
        #expect(h.events.kinds.last == .declined(.verificationFailed, resultCode: "USER_PAYMENT_VERIFICATION_FAILED"))
        await h.stop()
    }

    @Test func pendingForeverIsInquiredThenCancelled() async throws {
        var policy = SettlementPolicy()
        policy.maxInquiries = 4
        let h = try await SettlementHarness.make(policy: policy)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("03")))
        await h.engine.runDue()
        await h.tick(times: 3)
        var current = try await h.journal.attempt(attempt.id)
        #expect(current.state == .cancelling)
        #expect(current.inquiries == 4)
        await h.engine.runDue()
        current = try await h.journal.attempt(attempt.id)
        #expect(current.state == .cancelled)
        #expect(h.events.kinds.last == .cancelled)
        #expect(await h.ledger()?.payments.map(\.status) == ["CANCELLED"])
        await h.stop()
    }

    @Test func inquiriesAreSpacedByThePolicy() async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("03")))
        await h.engine.runDue()
        let afterFirst = try await h.journal.attempt(attempt.id)
        #expect(afterFirst.inquiries == 1)
        #expect(afterFirst.nextActionAt == h.clock.now() + 3_000)
        h.clock.advance(.seconds(2))
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).inquiries == 1, "not due yet")
        h.clock.advance(.seconds(1))
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).inquiries == 2)
        await h.stop()
    }

    /// The acquirer paid but the answer never arrived: inquiry finds the success.
    @Test func connectionDroppedAfterProcessingIsSettledByInquiry() async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("21")))
        #expect(attempt.state == .unknown)
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        await h.stop()
    }

    /// A 500 means nothing was processed: inquiries find nothing, the cancel closes it.
    @Test func http500EndsCancelledNotPaid() async throws {
        var policy = SettlementPolicy()
        policy.maxInquiries = 2
        let h = try await SettlementHarness.make(policy: policy)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("22")))
        #expect(attempt.state == .unknown)
        await h.engine.runDue()
        await h.tick()
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        #expect(!h.events.kinds.contains { if case .succeeded = $0 { true } else { false } })
        await h.stop()
    }

    /// An unsigned or forged "success" is never shown as paid; the signed inquiry decides.
    @Test(arguments: ["24", "25"])
    func untrustedSuccessIsNotSuccessUntilVerified(suffix: String) async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code(suffix)))
        #expect(attempt.state == .unknown)
        #expect(!h.events.kinds.contains { if case .succeeded = $0 { true } else { false } })
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        await h.stop()
    }

    @Test func configurationErrorIsNotAPaymentAndIsRaised() async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let attempt = try await h.pay(code("18"))
        #expect(attempt?.state == .declined)
        #expect(h.events.kinds.contains { if case .configurationError = $0 { true } else { false } })
        await h.stop()
    }

    @Test func anOrderIsPaidOnceAndTakesOneScanAtATime() async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        let first = try #require(try await h.pay(code("03"), order: "ORD-9"))
        #expect(first.state == .unknown)
        #expect(await h.engine.submit(code: code("00"), masked: "x", orderReference: "ORD-9") == nil)
        guard case .refused(let why)? = h.events.kinds.last else { Issue.record("expected refused"); return }
        #expect(why.contains("in progress"))
        let other = try await h.pay(code("00"), order: "ORD-10")
        #expect(other?.state == .succeeded)
        #expect(await h.engine.submit(code: code("00"), masked: "x", orderReference: "ORD-10") == nil)
        guard case .refused(let paid)? = h.events.kinds.last else { Issue.record("expected refused"); return }
        #expect(paid.contains("already paid"))
        #expect(await h.ledger()?.ordersPaidMoreThanOnce == [])
        await h.stop()
    }

    @Test func fullJournalRefusesNewScans() async throws {
        let h = try await SettlementHarness.make(journalMaxBytes: 160 * 1024)
        defer { h.remove() }
        try await h.journal.open(Order(reference: "WAITING", amountMinor: 100, currency: "USD", source: "t", createdAt: 1))
        for index in 0..<64 {
            try await h.journal.open(Order(reference: "SPARE-\(index)", amountMinor: 100, currency: "USD", source: "t", createdAt: 1))
        }
        var full = false
        for index in 0..<10_000 where !full {
            full = await fill(h.journal, index) == .diskFull
        }
        #expect(full, "the size limit was reached")
        // Whichever write reached the limit (an order, an expiry), fill until a capture for an
        // order that exists, like the one below, is refused too.
        var captureRefused = false
        for index in 0..<64 where !captureRefused {
            do {
                _ = try await h.journal.capture(orderReference: "SPARE-\(index)", code: code(), codeMasked: "x", paymentRequestId: "S\(index)",
                                                capturedAt: 1, codeExpiresAt: 2, submitting: false)
            } catch {
                captureRefused = error == .diskFull
            }
        }
        #expect(captureRefused, "a capture no longer fits")
        #expect(await h.engine.submit(code: code("00"), masked: "x", orderReference: "WAITING") == nil)
        // A journal that cannot record is a fault for a technician, not an ordinary refusal.
        guard case .journalFault(let why)? = h.events.kinds.last else { Issue.record("expected a journal fault, got \(h.events.kinds)"); return }
        #expect(why.contains("disk is full"))
        #expect(await h.ledger()?.requests == 0, "nothing was sent without a durable record")
        await h.stop()
    }
}

/// One more order with a finished attempt; returns the journal's error instead of throwing it.
func fill(_ journal: Journal, _ index: Int) async -> JournalError? {
    do {
        try await journal.open(Order(reference: "FILL-\(index)", amountMinor: 1, currency: "USD", source: "t", createdAt: 1))
        let attempt = try await journal.capture(orderReference: "FILL-\(index)", code: code(), codeMasked: "x", paymentRequestId: "F\(index)",
                                                capturedAt: 1, codeExpiresAt: 2, submitting: false)
        try await journal.transition(attempt.id, Transition(to: .expired, reason: "fill", at: 3))
        return nil
    } catch {
        return error
    }
}

@Suite("Settlement engine: a second success")
struct DuplicateSuccessTests {
    /// The database refuses a second success for an order; if the acquirer reports one anyway
    /// (here: an order paid by another attempt behind the engine's back), it is reversed.
    @Test("an inquiry's SUCCESS for another amount is never shown as paid: the money is taken back")
    func successForAnotherAmountIsCancelled() async throws {
        let h = try await SettlementHarness.make(passwordInquiries: 1)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("04")))
        #expect(attempt.state == .unknown)
        await h.engine.runDue()  // inquiry: signed SUCCESS, for 12.35 where the order asked 12.34
        #expect(try await h.journal.attempt(attempt.id).state == .cancelling)
        #expect(try await h.journal.history(attempt.id).last?.reason == "inquiry: SUCCESS for another amount 1235 USD")
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        #expect(!h.events.kinds.contains { if case .succeeded = $0 { true } else { false } }, "no success, ever")
        #expect(h.events.kinds.last == .cancelled)
        #expect(await h.ledger()?.payments.first?.status == "CANCELLED", "the money went back")
        await h.stop()
    }

    @Test func lateSuccessForAPaidOrderIsCancelledAndSurfaced() async throws {
        let h = try await SettlementHarness.make(passwordInquiries: 1)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("01"), order: "ORD-D"))
        #expect(attempt.state == .unknown)
        var db: OpaquePointer?
        #expect(sqlite3_open(h.directory + "/journal.sqlite", &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, """
            INSERT INTO attempts (order_reference, payment_request_id, code_masked, amount_minor, currency, state, captured_at, code_expires_at, updated_at)
            VALUES ('ORD-D', 'OTHER-1', 'x', 1234, 'USD', 'succeeded', 1, 2, 3)
            """, nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        await h.engine.runDue()  // inquiry: SUCCESS, but the order is already paid
        #expect(try await h.journal.attempt(attempt.id).state == .cancelling)
        #expect(h.events.kinds.contains(.duplicateReversed))
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelled)
        #expect(await h.ledger()?.payments.first?.status == "CANCELLED", "the money went back")
        await h.stop()
    }
}

@Suite("Settlement engine: scheduler and a pay in flight")
struct InFlightRaceTests {
    /// The scheduler runs while a pay is still on the wire (a slow acquirer): it must leave that
    /// attempt alone, and the answer, when it comes, is a plain success — not a "second success"
    /// that gets reversed. (Found by the end-to-end benchmark.)
    @Test func schedulerLeavesAPayInFlightAlone() async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        try await h.journal.open(Order(reference: "ORD-R", amountMinor: 1234, currency: "USD", source: "test", createdAt: h.clock.now()))
        async let paid = h.engine.submit(code: code("23"), masked: "x", orderReference: "ORD-R")  // answers after 2 s
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(50))
            await h.engine.runDue()
        }
        let attempt = try #require(await paid)
        #expect(attempt.state == .succeeded)
        #expect(!h.events.kinds.contains(.duplicateReversed))
        #expect(try await h.journal.history(attempt.id).map(\.to) == [.captured, .submitting, .succeeded])
        await h.stop()
    }
}
