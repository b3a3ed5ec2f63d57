import Dispatch
import CSQLite3
import Glibc
import Synchronization
import Testing
@testable import Journal

/// A journal in a fresh temporary directory, removed afterwards.
struct TemporaryJournal {
    let directory: String
    var path: String { directory + "/journal.sqlite" }

    init() {
        var template = Array("/tmp/scanbridge-journal-XXXXXX".utf8CString)
        directory = String(cString: mkdtemp(&template)!)
    }

    func open() throws -> Journal { try Journal(path: path) }

    func remove() {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        rmdir(directory)
    }
}

let order = Order(reference: "POS-1", amountMinor: 1250, currency: "USD", description: "coffee", source: "ecr", createdAt: 1_000)

func capture(_ journal: Journal, order reference: String = "POS-1", request: String, submitting: Bool = true, at: Int64 = 2_000) async throws -> Attempt {
    try await journal.capture(
        orderReference: reference, code: "251001020123456789012345", codeMasked: "251001**************2345",
        paymentRequestId: request, capturedAt: at, codeExpiresAt: at + 60_000, submitting: submitting
    )
}

@Suite("Journal")
struct JournalTests {
    @Test func createsAPrivateWALDatabaseAtTheCurrentSchema() throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        _ = try temp.open()
        var info = stat()
        #expect(stat(temp.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        var db: OpaquePointer?
        #expect(sqlite3_open(temp.path, &db) == SQLITE_OK)
        defer { sqlite3_close(db) }
        #expect(scalar(db, "PRAGMA journal_mode") == "wal")
        #expect(scalar(db, "PRAGMA user_version") == "\(Schema.version)")
    }

    @Test func tightensPermissionsOfAnExistingFile() throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        _ = try temp.open()
        #expect(chmod(temp.path, 0o644) == 0)
        _ = try temp.open()
        var info = stat()
        #expect(stat(temp.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test func captureIsRecordedAsSubmittingWithItsHistory() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        let attempt = try await capture(journal, request: "PR-1")
        #expect(attempt.state == .submitting)
        #expect(attempt.amountMinor == 1250 && attempt.currency == "USD")
        #expect(attempt.code == "251001020123456789012345")
        let history = try await journal.history(attempt.id)
        #expect(history.map(\.to) == [.captured, .submitting])
        // The attempt handed back is built, not read back: it must be the row as stored.
        #expect(try await journal.attempt(attempt.id) == attempt)
        try await journal.open(Order(reference: "POS-2", amountMinor: 99, currency: "JPY", source: "ecr", createdAt: 2_500))
        let queued = try await capture(journal, order: "POS-2", request: "PR-2", submitting: false, at: 3_000)
        #expect(try await journal.attempt(queued.id) == queued)
    }

    @Test("an order made at the scan is journaled with its attempt, in one commit, or not at all")
    func captureOpeningAnOrder() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        let fresh = Order(reference: "FIX-1", amountMinor: 300, currency: "SGD", description: "set price", source: "fixed", createdAt: 1_500)
        let attempt = try await journal.capture(
            opening: fresh, orderReference: "FIX-1", code: "251001020123456789012345", codeMasked: "251001**************2345",
            paymentRequestId: "PR-F1", capturedAt: 2_000, codeExpiresAt: 62_000, submitting: true)
        #expect(try await journal.order("FIX-1") == fresh)
        #expect(attempt.amountMinor == 300 && attempt.currency == "SGD" && attempt.state == .submitting)
        #expect(try await journal.attempt(attempt.id) == attempt)

        // The same order again (a retry after a refused scan) is not a second order.
        try await journal.transition(attempt.id, Transition(to: .declined, reason: "pay: F", at: 2_500))
        let retry = try await journal.capture(
            opening: fresh, orderReference: "FIX-1", code: "251001020123456789012346", codeMasked: "251001**************2346",
            paymentRequestId: "PR-F2", capturedAt: 3_000, codeExpiresAt: 63_000, submitting: true)
        #expect(retry.orderReference == "FIX-1")

        // Another amount under a known reference is refused; a refused attempt leaves no order behind.
        let changed = Order(reference: "FIX-1", amountMinor: 999, currency: "SGD", source: "fixed", createdAt: 1_500)
        await #expect(throws: JournalError.rejected("order FIX-1 exists with another amount")) {
            try await journal.capture(opening: changed, orderReference: "FIX-1", code: "251001020123456789012347", codeMasked: "x",
                                      paymentRequestId: "PR-F3", capturedAt: 4_000, codeExpiresAt: 64_000, submitting: true)
        }
        let clash = Order(reference: "FIX-2", amountMinor: 300, currency: "SGD", source: "fixed", createdAt: 1_500)
        await #expect(throws: JournalError.self) {
            // The paymentRequestId is taken: the attempt's insert fails, and the order's with it.
            try await journal.capture(opening: clash, orderReference: "FIX-2", code: "251001020123456789012348", codeMasked: "x",
                                      paymentRequestId: "PR-F1", capturedAt: 5_000, codeExpiresAt: 65_000, submitting: true)
        }
        #expect(try await journal.order("FIX-2") == nil)
    }

    @Test func everyPathThroughTheStateMachineIsJournaled() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        let paths: [[AttemptState]] = [
            [.succeeded],
            [.declined],
            [.unknown, .inquiring, .succeeded],
            [.unknown, .inquiring, .failed],
            [.unknown, .inquiring, .cancelling, .cancelled],
            [.unknown, .cancelling, .needsAttention],
            [.cancelling, .cancelled],
        ]
        for (index, path) in paths.enumerated() {
            let reference = "ORD-\(index)"
            try await journal.open(Order(reference: reference, amountMinor: 100, currency: "JPY", source: "fixed", createdAt: 1))
            let attempt = try await capture(journal, order: reference, request: "PR-\(index)")
            for (step, state) in path.enumerated() {
                try await journal.transition(attempt.id, Transition(to: state, reason: "step \(step)", at: 3_000 + Int64(step)))
            }
            let final = try await journal.attempt(attempt.id)
            #expect(final.state == path.last)
            #expect(final.code == nil, "a final attempt keeps no payment code")
            #expect(try await journal.history(attempt.id).map(\.to) == [.captured, .submitting] + path)
        }
        #expect(try await journal.unfinished().isEmpty)
    }

    @Test func offlineCaptureExpiresOrIsSentLater() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        let queued = try await capture(journal, request: "PR-Q", submitting: false)
        #expect(queued.state == .captured)
        #expect(try await journal.unfinished().map(\.id) == [queued.id])
        let expired = try await journal.transition(queued.id, Transition(to: .expired, reason: "code validity ran out", at: 70_000))
        #expect(expired.state == .expired)
    }

    @Test func illegalMovesAreRefused() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        let attempt = try await capture(journal, request: "PR-1")
        await #expect(throws: JournalError.rejected("attempt \(attempt.id) cannot go from submitting to cancelled")) {
            try await journal.transition(attempt.id, Transition(to: .cancelled, reason: "skip", at: 1))
        }
        try await journal.transition(attempt.id, Transition(to: .declined, reason: "F", at: 2))
        await #expect(throws: JournalError.self) {
            try await journal.transition(attempt.id, Transition(to: .succeeded, reason: "after a decline", at: 3))
        }
    }

    @Test func anOrderTakesOneAttemptAtATimeAndIsPaidOnce() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        let first = try await capture(journal, request: "PR-1")
        await #expect(throws: JournalError.rejected("order POS-1 has attempt \(first.id) in progress")) {
            try await capture(journal, request: "PR-2")
        }
        try await journal.transition(first.id, Transition(to: .declined, reason: "USER_BALANCE_NOT_ENOUGH", at: 3))
        let second = try await capture(journal, request: "PR-2")
        try await journal.transition(second.id, Transition(to: .succeeded, reason: "S", at: 4, paymentId: "PAY-2"))
        await #expect(throws: JournalError.rejected("order POS-1 is already paid")) {
            try await capture(journal, request: "PR-3")
        }
        // Even a direct write cannot make a second success: the database refuses it.
        var db: OpaquePointer?
        #expect(sqlite3_open(temp.path, &db) == SQLITE_OK)
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, "UPDATE attempts SET state = 'succeeded' WHERE id = \(first.id)", nil, nil, nil) & 0xFF == SQLITE_CONSTRAINT)
    }

    @Test func paymentRequestIdsAreNeverReused() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        try await journal.open(Order(reference: "POS-2", amountMinor: 5, currency: "USD", source: "ecr", createdAt: 1))
        _ = try await capture(journal, request: "PR-1")
        await #expect(throws: JournalError.self) { try await capture(journal, order: "POS-2", request: "PR-1") }
    }

    @Test func reopeningAnOrderWithAnotherAmountIsRefused() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        try await journal.open(order)  // a POS resending after a reconnect
        await #expect(throws: JournalError.rejected("order POS-1 exists with another amount")) {
            try await journal.open(Order(reference: "POS-1", amountMinor: 999, currency: "USD", source: "ecr", createdAt: 2))
        }
    }

    @Test func unfinishedAttemptsSurviveAReopen() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        var journal: Journal? = try temp.open()
        try await journal!.open(order)
        let attempt = try await capture(journal!, request: "PR-1")
        try await journal!.transition(attempt.id, Transition(to: .unknown, reason: "timeout after send", at: 7_000, nextActionAt: 10_000))
        journal = nil
        let reopened = try temp.open()
        let unfinished = try await reopened.unfinished()
        #expect(unfinished.map(\.paymentRequestId) == ["PR-1"])
        #expect(unfinished.first?.state == .unknown && unfinished.first?.nextActionAt == 10_000)
    }

    @Test func pruningRemovesOldFinalAttemptsInBatches() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        for index in 0..<25 {
            try await journal.open(Order(reference: "O\(index)", amountMinor: 1, currency: "USD", source: "fixed", createdAt: 1))
            let attempt = try await capture(journal, order: "O\(index)", request: "PR-\(index)")
            if index < 20 { try await journal.transition(attempt.id, Transition(to: .succeeded, reason: "S", at: 100)) }
        }
        #expect(try await journal.prune(finalBefore: 1_000, batch: 8) == 8)
        #expect(try await journal.prune(finalBefore: 1_000, batch: 8) == 8)
        #expect(try await journal.prune(finalBefore: 1_000, batch: 8) == 4)
        #expect(try await journal.prune(finalBefore: 1_000, batch: 8) == 0)
        #expect(try await journal.unfinished().count == 5, "unfinished attempts are never pruned")
        #expect(try await journal.order("O0") == nil)
        #expect(try await journal.order("O24") != nil)
    }

    @Test func checkpointsWaitUntilTheCommitIsReportedDurableAndKeepTheWALBounded() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        /// Frames in the WAL when the capture was reported durable, and once it returned.
        struct Sample { let atDurable: Int32, after: Int32 }
        var samples: [Sample] = []
        for index in 0..<300 {
            let order = Order(reference: "W\(index)", amountMinor: 1, currency: "USD", source: "fixed", createdAt: 1)
            let atDurable = Mutex<Int32>(-1)
            let after = await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
                journal.startCapture(
                    opening: order, orderReference: order.reference, code: "251001020123456789012345", codeMasked: "251001**************2345",
                    paymentRequestId: "WR-\(index)", capturedAt: 2_000, codeExpiresAt: 62_000, submitting: true,
                    whenDurable: { atDurable.withLock { $0 = journal.assumeIsolated { $0.database.walFrames } } },
                    completion: { _ in done.resume(returning: journal.assumeIsolated { $0.database.walFrames }) })
            }
            samples.append(Sample(atDurable: atDurable.withLock { $0 }, after: after))
        }
        // The commits that filled the WAL were reported durable with their frames still in it, and
        // checkpointed only afterwards.
        let crossings = samples.filter { $0.atDurable >= Database.checkpointFrames }
        #expect(crossings.count >= 2, "\(samples.map(\.atDurable).max() ?? 0) frames at most")
        #expect(crossings.allSatisfy { $0.after == 0 })
        // So the WAL is rewritten from the start instead of growing: 300 captures wrote far more
        // frames than it holds.
        #expect(samples.reduce(0) { max($0, $1.atDurable) } < Database.checkpointFrames + 50)
        var info = stat()
        #expect(stat(temp.path + "-wal", &info) == 0)
        #expect(info.st_size < Int(Database.checkpointFrames + 50) * (4096 + 24) + 32)
        #expect(try await journal.unfinished().count == 300, "nothing lost to the checkpoints")
    }

    @Test func corruptFileIsRefusedAndKept() throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let garbage = Array(repeating: UInt8(0x5A), count: 8192)
        let fd = Glibc.open(temp.path, O_WRONLY | O_CREAT, 0o600)
        #expect(write(fd, garbage, garbage.count) == garbage.count)
        close(fd)
        #expect(throws: JournalError.self) { try temp.open() }
        do {
            _ = try temp.open()
        } catch let error as JournalError {
            guard case .corrupt(let path, _) = error else { Issue.record("expected corrupt, got \(error)"); return }
            #expect(path == temp.path)
        } catch {
            Issue.record("unexpected \(error)")
        }
        var info = stat()
        #expect(stat(temp.path, &info) == 0 && info.st_size == 8192, "the file is kept for forensics")
    }

    @Test func newerSchemaIsRefused() throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        _ = try temp.open()
        var db: OpaquePointer?
        #expect(sqlite3_open(temp.path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, "PRAGMA user_version = 99", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        #expect(throws: JournalError.schemaTooNew(found: 99, supported: Schema.version)) { try temp.open() }
    }

    @Test func unwritableLocationGivesAClearError() {
        #expect(throws: JournalError.self) { try Journal(path: "/proc/scanbridge/journal.sqlite") }
        do {
            _ = try Journal(path: "/proc/scanbridge/journal.sqlite")
        } catch {
            #expect("\(error)".contains("/proc/scanbridge/journal.sqlite"))
        }
    }
}

func scalar(_ db: OpaquePointer?, _ sql: String) -> String? {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return nil }
    defer { sqlite3_finalize(statement) }
    guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
    return String(cString: text)
}

@Suite("Journal under contention")
struct JournalContentionTests {
    /// Another process holds the write lock for a moment: the journal waits and succeeds.
    @Test func lockedDatabaseIsRetriedNotFatal() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        var other: OpaquePointer?
        #expect(sqlite3_open(temp.path, &other) == SQLITE_OK)
        #expect(sqlite3_exec(other, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
        // The other process lets go after 300 ms, on a thread of its own (not the busy test pool).
        let released = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let holder = other
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) {
            sqlite3_exec(holder, "COMMIT", nil, nil, nil)
            sqlite3_close(holder)
            released.signal()
        }
        let started = ContinuousClock.now
        try await journal.open(order)
        #expect(ContinuousClock.now - started >= .milliseconds(250), "the write waited for the lock")
        #expect(try await journal.order("POS-1") != nil)
        released.wait()
    }

    @Test func anOrderWithAPaymentUnderReviewTakesNoNewScan() async throws {
        let temp = TemporaryJournal()
        defer { temp.remove() }
        let journal = try temp.open()
        try await journal.open(order)
        let first = try await capture(journal, request: "PR-1")
        for state in [AttemptState.unknown, .cancelling, .needsAttention] {
            try await journal.transition(first.id, Transition(to: state, reason: "test", at: 5))
        }
        await #expect(throws: JournalError.rejected("order POS-1 has attempt \(first.id) waiting for a person to reconcile it")) {
            try await capture(journal, request: "PR-2")
        }
    }
}
