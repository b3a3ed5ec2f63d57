import CSQLite3
import Glibc
import Testing
@testable import Journal

@Suite("Audit log")
struct AuditTests {
    @Test("audit rows are stored and read back newest-last, limited")
    func roundTrip() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.audit([
            AuditEntry(at: 1_000, port: "/dev/ttyGS0", action: "set", key: "scanner.baud", old: "9600", new: "115200"),
            AuditEntry(at: 1_001, port: "/dev/ttyGS0", action: "set", key: "amount.ecr.token", old: nil, new: "<redacted>"),
            AuditEntry(at: 1_002, port: "/dev/ttyS0", action: "lockout", new: "30 s"),
        ])
        let all = try await journal.auditLog()
        #expect(all.map(\.action) == ["set", "set", "lockout"])
        #expect(all[0].key == "scanner.baud" && all[0].old == "9600" && all[0].new == "115200" && all[0].port == "/dev/ttyGS0")
        #expect(all[1].old == nil)
        #expect(try await journal.auditLog(limit: 2).map(\.at) == [1_001, 1_002])
    }

    @Test("a journal made before the audit table is migrated forward, its payments kept")
    func migratesVersionOne() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        var db: OpaquePointer?
        #expect(sqlite3_open(temp.path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, Schema.migrations[0], nil, nil, nil) == SQLITE_OK)
        #expect(sqlite3_exec(db, "PRAGMA user_version = 1; INSERT INTO orders VALUES ('OLD-1', 500, 'SGD', '', 'fixed', 1)", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)

        let journal = try temp.open()
        #expect(try await journal.order("OLD-1")?.amountMinor == 500)
        try await journal.audit([AuditEntry(at: 5, port: "/dev/pts/1", action: "restart")])
        #expect(try await journal.auditLog().count == 1)
        var check: OpaquePointer?
        #expect(sqlite3_open(temp.path, &check) == SQLITE_OK)
        #expect(scalar(check, "PRAGMA user_version") == "\(Schema.version)")
        sqlite3_close(check)
    }
}
