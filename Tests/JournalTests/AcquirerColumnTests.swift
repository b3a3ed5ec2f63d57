import CSQLite3
import Testing
@testable import Journal

/// Migration 6: each attempt records the acquirer it went to, for good, and the decline reason
/// that acquirer read from its own result code.
@Suite("Journal: the acquirer of each attempt")
struct AcquirerColumnTests {
    @Test func anAttemptKeepsItsAcquirerAndItsDeclineReason() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        let attempt = try await journal.capture(
            orderReference: "POS-1", code: "251001020123456789012345", codeMasked: "251001**************2345",
            paymentRequestId: "PR-ACQ-1", capturedAt: 2_000, codeExpiresAt: 62_000, submitting: true, acquirer: "second-acquirer")
        #expect(attempt.acquirer == "second-acquirer")
        let declined = try await journal.transition(attempt.id, Transition(
            to: .declined, reason: "pay: USER_BALANCE_NOT_ENOUGH", at: 2_100, resultCode: "USER_BALANCE_NOT_ENOUGH",
            declineReason: "insufficientFunds"))
        #expect(declined.acquirer == "second-acquirer" && declined.declineReason == "insufficientFunds")
        #expect(try await journal.attempt(attempt.id) == declined)

        // The database itself refuses to move an attempt to another acquirer.
        var db: OpaquePointer?
        #expect(sqlite3_open(temp.path, &db) == SQLITE_OK)
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, "UPDATE attempts SET acquirer = 'antom' WHERE id = \(attempt.id)", nil, nil, nil) == SQLITE_CONSTRAINT)
        #expect(String(cString: sqlite3_errmsg(db)).contains("stays with the acquirer"))
    }

    @Test("attempts journaled before migration 6 went to Antom, and keep their rows")
    func olderAttemptsWereAntoms() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        var db: OpaquePointer?
        #expect(sqlite3_open(temp.path, &db) == SQLITE_OK)
        for migration in Schema.migrations.prefix(5) { #expect(sqlite3_exec(db, migration, nil, nil, nil) == SQLITE_OK) }
        #expect(sqlite3_exec(db, """
            PRAGMA user_version = 5;
            INSERT INTO orders VALUES ('OLD-1', 500, 'SGD', '', 'fixed', 1);
            INSERT INTO attempts (order_reference, payment_request_id, code, code_masked, amount_minor, currency, state,
                                  captured_at, code_expires_at, updated_at)
            VALUES ('OLD-1', 'PR-OLD-1', NULL, '2810**2345', 500, 'SGD', 'declined', 1, 2, 3);
            """, nil, nil, nil) == SQLITE_OK, "\(String(cString: sqlite3_errmsg(db)))")
        sqlite3_close(db)

        let journal = try temp.open()
        let old = try #require(try await journal.attempts(order: "OLD-1").first)
        #expect(old.acquirer == "antom")
        #expect(old.declineReason == nil)
    }
}
