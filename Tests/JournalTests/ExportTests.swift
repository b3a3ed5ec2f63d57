import CSQLite3
import Testing
@testable import Journal

/// The journal as the fleet's outbox (migration 7): what is exported, in which order, marked only
/// as published, exported again when it changes, and never pruned before the broker has it.
@Suite("Journal export")
struct ExportTests {
    func paid(_ journal: Journal, _ index: Int, at: Int64) async throws -> Attempt {
        try await journal.open(Order(reference: "O\(index)", amountMinor: 100 + Int64(index), currency: "USD", source: "fixed", createdAt: 1))
        let attempt = try await capture(journal, order: "O\(index)", request: "PR-\(index)", at: at)
        return try await journal.transition(attempt.id, Transition(to: .succeeded, reason: "S", at: at + 10, paymentId: "PAY-\(index)"))
    }

    @Test func finalRowsWaitInTheOrderTheyBecameFinalAndAreMarkedOnlyAsPublished() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        let first = try await paid(journal, 1, at: 100)
        let second = try await paid(journal, 2, at: 200)
        _ = try await journal.open(Order(reference: "O3", amountMinor: 5, currency: "USD", source: "fixed", createdAt: 1))
        _ = try await capture(journal, order: "O3", request: "PR-3", at: 300)  // not final: not exported
        let refund = try await journal.requestRefund(refundRequestId: "RF-1", attemptId: first.id, amountMinor: 50, source: "pos",
                                                     reason: "", at: 400)
        try await journal.updateRefund(refund.id, to: .refunded, at: 450, refundId: "R-1")

        let items = try await journal.unexported(limit: 10)
        #expect(items.map(\.key) == [ExportKey(kind: .payment, id: first.id), ExportKey(kind: .payment, id: second.id),
                                     ExportKey(kind: .refund, id: refund.id)])
        if case .refund(_, let paymentRequestId) = items[2] { #expect(paymentRequestId == "PR-1") } else { Issue.record("not a refund") }
        #expect(try await journal.unexported(limit: 10, excluding: [items[0].key]).map(\.key) == Array(items.dropFirst().map(\.key)))
        #expect(try await journal.exportBacklog() == ExportBacklog(count: 3, oldestAt: 110))

        // A PUBACK for what was published marks it; a stale version does not.
        #expect(try await journal.markExported(items[0].key, version: items[0].version, at: 1_000))
        #expect(try await !journal.markExported(items[1].key, version: ExportVersion(state: "declined", updatedAt: 210), at: 1_000))
        #expect(try await journal.exportedAt(items[0].key) == 1_000)
        #expect(try await journal.exportBacklog() == ExportBacklog(count: 2, oldestAt: 210))
    }

    @Test func aReversedPaymentIsExportedAgain() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        let attempt = try await paid(journal, 1, at: 100)
        let item = try #require(try await journal.unexported(limit: 1).first)
        try await journal.markExported(item.key, version: item.version, at: 1_000)
        #expect(try await journal.unexported(limit: 1).isEmpty)
        try await journal.transition(attempt.id, Transition(to: .cancelling, reason: "reversal", at: 2_000, reversalSource: "console"))
        #expect(try await journal.unexported(limit: 1).isEmpty, "cancelling is not final")
        #expect(try await journal.exportedAt(item.key) == nil, "the new state cleared the mark")
        try await journal.transition(attempt.id, Transition(to: .cancelled, reason: "cancel S", at: 2_100))
        let again = try #require(try await journal.unexported(limit: 1).first)
        #expect(again.version == ExportVersion(state: "cancelled", updatedAt: 2_100))
    }

    @Test func pruningKeepsWhatTheBrokerHasNotAcknowledged() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.requireExport(true)
        var attempts: [Attempt] = []
        for index in 0..<6 { attempts.append(try await paid(journal, index, at: 100)) }
        let refund = try await journal.requestRefund(refundRequestId: "RF-5", attemptId: attempts[5].id, amountMinor: 1, source: "pos",
                                                     reason: "", at: 150)
        try await journal.updateRefund(refund.id, to: .refunded, at: 160)
        for item in try await journal.unexported(limit: 10) where item.key.kind == .payment && item.key.id != attempts[0].id {
            try await journal.markExported(item.key, version: item.version, at: 500)
        }
        // 0 is unexported; 5 is exported but its refund is not.
        #expect(try await journal.prune(finalBefore: 1_000, batch: 200) == 4)
        #expect(try await journal.attempt(paymentRequestId: "PR-0") != nil)
        #expect(try await journal.attempt(paymentRequestId: "PR-5") != nil)
        #expect(try await journal.refund(refundRequestId: "RF-5") != nil)

        // The database refuses it too, whoever deletes.
        try await journal.deleteDirectly("DELETE FROM attempts")
        #expect(try await journal.attempt(paymentRequestId: "PR-0") != nil, "RAISE(IGNORE) skipped it")
        await #expect(throws: JournalError.self) { try await journal.deleteDirectly("DELETE FROM refunds") }

        // Without an uplink, pruning is as before.
        try await journal.requireExport(false)
        #expect(try await journal.prune(finalBefore: 1_000, batch: 200) == 2)
    }
}

extension Journal {
    func deleteDirectly(_ sql: String) throws(JournalError) {
        try database.execute(sql)
    }
}
