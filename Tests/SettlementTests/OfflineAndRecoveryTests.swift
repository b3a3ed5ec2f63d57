import Antom
import PaymentModel
import Money
import AntomSimulator
import Journal
import Settlement
import Testing
import TestSupport

@Suite("Offline queue, recovery and the cancel window")
struct OfflineAndRecoveryTests {
    @Test func codeQueuedWhileOfflineIsSentWhenTheLinkReturns() async throws {
        let unreachable = try ReservedPort()
        let port = unreachable.port
        let offline = try await SettlementHarness.make(port: port, startSimulator: false)
        defer { offline.remove() }
        let attempt = try #require(try await offline.pay(code("00")))
        #expect(attempt.state == .captured)
        #expect(offline.events.kinds == [.processing, .queuedOffline])
        #expect(attempt.nextActionAt != nil && attempt.nextActionAt! <= attempt.codeExpiresAt)

        // The acquirer comes back on the same address.
        unreachable.release()
        let online = try await SettlementHarness.make(port: port, directory: offline.directory, clock: offline.clock)
        await online.tick(.seconds(2))
        let final = try await online.journal.attempt(attempt.id)
        #expect(final.state == .succeeded)
        #expect(online.events.kinds.contains { if case .succeeded = $0 { true } else { false } })
        #expect(await online.ledger()?.payments.map(\.paymentRequestId) == [attempt.paymentRequestId], "the same request id, sent once")
        await online.stop()
    }

    @Test func codeQueuedTooLongExpires() async throws {
        let unreachable = try ReservedPort()
        defer { unreachable.release() }
        let offline = try await SettlementHarness.make(port: unreachable.port, startSimulator: false)
        defer { offline.remove() }
        let attempt = try #require(try await offline.pay(code("00")))
        for _ in 0..<12 { await offline.tick(.seconds(6)) }  // still unreachable, then past 60 s
        let final = try await offline.journal.attempt(attempt.id)
        #expect(final.state == .expired)
        #expect(offline.events.kinds.last == .expired)
        #expect(offline.events.kinds.filter { $0 == .queuedOffline }.count == 1, "the merchant hears \"queued\" once, not at every retry")
        #expect(try await offline.journal.history(attempt.id).filter { $0.to == .submitting }.count > 2, "retried while valid")
    }

    /// Killed between journaling and the answer: the restart inquires and finds the payment.
    @Test func attemptInFlightAtACrashIsRecoveredByInquiry() async throws {
        let h = try await SettlementHarness.make()
        defer { h.remove() }
        try await h.journal.open(Order(reference: "ORD-C", amountMinor: 500, currency: "USD", source: "test", createdAt: h.clock.now()))
        let paid = code("00")
        let attempt = try await h.journal.capture(orderReference: "ORD-C", code: paid, codeMasked: "x", paymentRequestId: "BOX-7-crash-1",
                                                  capturedAt: h.clock.now(), codeExpiresAt: h.clock.now() + 60_000, submitting: true)
        // The request left and was paid, then the box died before recording the answer.
        let client = try AntomClient(
            configuration: AntomConfiguration(transport: TransportConfiguration(baseURL: "http://127.0.0.1:\(h.port)"),
                                              clientID: "SANDBOX_TEST", merchant: SettlementHarness.merchant),
            privateKey: try Keys.box.get(), acquirerPublicKey: try Keys.acquirer.get().publicKey())
        let money = try Money(minorUnits: 500, currency: Currency(code: "USD"))
        let direct = await client.pay(PayCommand(paymentRequestId: RequestID("BOX-7-crash-1")!, paymentCode: paid, referenceOrderId: "ORD-C",
                                                 orderDescription: "order ORD-C", amount: money, createdAt: attempt.capturedAt / 1000))
        guard case .success = direct else { Issue.record("setup pay failed: \(direct)"); return }

        let restarted = try await SettlementHarness.make(port: h.port, startSimulator: false, directory: h.directory, clock: h.clock)
        #expect(try await restarted.engine.recover() == 1)
        #expect(try await restarted.journal.attempt(attempt.id).state == .unknown)
        await restarted.engine.runDue()
        #expect(try await restarted.journal.attempt(attempt.id).state == .succeeded)
        #expect(await h.ledger()?.ordersPaidMoreThanOnce == [])
        await h.stop()
    }

    @Test func cancelThatNeverLandsEndsWithAPersonAtTheCancelDeadline() async throws {
        var policy = SettlementPolicy()
        policy.maxInquiries = 1
        let clock = ManualClock()
        // A deadline 1–2 minutes after the payment: an offset that makes the payment's local time
        // 12:00, and a deadline at 12:02 the same day (Antom's is 00:15 UTC+8 the next day).
        let secondOfDay = Int(clock.now() / 1000 % 86_400)
        policy.cancelDeadline = CancelDeadline(minuteOfDay: 12 * 60 + 2, utcOffsetSeconds: (43_200 - secondOfDay) / 60 * 60, daysAfter: 0)
        let h = try await SettlementHarness.make(policy: policy, clock: clock)
        defer { h.remove() }
        let attempt = try #require(try await h.pay(code("03")))
        await h.engine.runDue()
        #expect(try await h.journal.attempt(attempt.id).state == .cancelling)
        await h.stop()  // the acquirer goes away for good
        let gone = try ReservedPort(h.port)
        defer { gone.release() }

        let cut = try await SettlementHarness.make(policy: policy, port: h.port, startSimulator: false, directory: h.directory, clock: h.clock)
        await cut.engine.runDue()
        var current = try await cut.journal.attempt(attempt.id)
        #expect(current.state == .cancelling && current.cancelTries == 1)
        #expect(current.nextActionAt == cut.clock.now() + 2_000, "first cancel retry after 2 s")
        let deadline = policy.cancelDeadline.instant(forPaymentAt: attempt.capturedAt)
        while cut.clock.now() < deadline - 5_000 { await cut.tick(.seconds(5)) }
        #expect(try await cut.journal.attempt(attempt.id).state == .cancelling, "cancels go on until the deadline")
        for _ in 0..<3 { await cut.tick(.seconds(5)) }
        current = try await cut.journal.attempt(attempt.id)
        #expect(current.state == .needsAttention)
        #expect(current.reason?.contains("past the cancel deadline") == true, "\(current.reason ?? "")")
        #expect(current.reason?.contains("inquiry:") == true, "the last inquiry's answer is kept for the person: \(current.reason ?? "")")
        #expect(cut.events.kinds.last == .needsAttention)
    }

    @Test func recoveringAThousandAttemptsIsQuick() async throws {
        let h = try await SettlementHarness.make(startSimulator: false)
        defer { h.remove() }
        for index in 0..<1_000 {
            try await h.journal.open(Order(reference: "R\(index)", amountMinor: 100, currency: "USD", source: "t", createdAt: 1))
            _ = try await h.journal.capture(orderReference: "R\(index)", code: code(), codeMasked: "x", paymentRequestId: "P\(index)",
                                            capturedAt: h.clock.now(), codeExpiresAt: h.clock.now() + 60_000, submitting: index.isMultiple(of: 2))
        }
        let restarted = try await SettlementHarness.make(startSimulator: false, directory: h.directory, clock: h.clock)
        #expect(try await restarted.engine.recover() == 1_000)
        #expect(try await restarted.journal.unfinished().filter { $0.state == .unknown }.count == 500)
    }
}
