import Journal
@testable import POSLink
import Testing

extension POSLinkSuite {
@Suite("POS orders in the journal")
struct POSOrderJournalTests {
    @Test("a result is kept until acknowledged, reset by a reopen, and pruned with the rest")
    func lifecycle() async throws {
        let directory = POSHarness<FixedSource>.makeDirectory()
        defer { POSHarness<FixedSource>.removeJournal(in: directory) }
        let journal = try Journal(path: directory + "/journal.sqlite")
        try await journal.open(Order(reference: "A", amountMinor: 100, currency: "USD", source: "ecr", createdAt: 1_000))
        try await journal.recordPOSOrder("A", at: 1_000)
        try await journal.recordPOSOrder("B", at: 2_000)
        #expect(try await journal.undeliveredPOSOrders().map(\.reference) == ["A", "B"])
        #expect(try await journal.undeliveredPOSOrders(openedSince: 1_500).map(\.reference) == ["B"])

        try await journal.acknowledgePOSOrder("A", at: 3_000)  // no result yet: nothing to acknowledge
        #expect(try await journal.posOrder("A")?.deliveredAt == nil)
        try await journal.finishPOSOrder("A", result: "RESULT status=declined", at: 3_000)
        try await journal.acknowledgePOSOrder("A", at: 4_000)
        #expect(try await journal.posOrder("A")?.deliveredAt == 4_000)
        #expect(try await journal.undeliveredPOSOrders().map(\.reference) == ["B"])

        try await journal.recordPOSOrder("A", at: 5_000)  // reopened for another try
        let reopened = try #require(await journal.posOrder("A"))
        #expect(reopened.result == nil && reopened.deliveredAt == nil && reopened.openedAt == 5_000)

        _ = try await journal.prune(finalBefore: 2_500)
        #expect(try await journal.posOrder("B") == nil)
        #expect(try await journal.posOrder("A") != nil)
    }
}
}
