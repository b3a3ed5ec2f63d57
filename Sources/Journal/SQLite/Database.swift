import CSQLite3
import Glibc

/// One SQLite connection through the C API: WAL, prepared statements cached by their SQL, and
/// transactions whose durability the caller chooses. Not thread-safe by itself; the journal owns
/// it from one actor.
final class Database {
    let path: String
    private let handle: OpaquePointer
    private var statements: [String: Statement] = [:]
    private var synchronous: Durability?
    private let wal = WALFrames()

    /// SQLite's own threshold for its automatic checkpoint (pages in the WAL).
    static let checkpointFrames: Int32 = 1000

    /// Frames in the WAL after the last commit, as SQLite's WAL hook reports them.
    private final class WALFrames {
        var count: Int32 = 0
    }

    /// How hard a commit waits for the disk. `full` fsyncs the WAL on every commit: a payment
    /// request never leaves the box before its record survives a power cut. `normal` may lose the
    /// last commits on power loss but never corrupts: used where recovery would redo the work.
    enum Durability: String {
        case full = "FULL"
        case normal = "NORMAL"
    }

    /// Opens (creating with mode 0600) and checks the database at `path`.
    init(path: String, maxBytes: Int64? = nil) throws(JournalError) {
        self.path = path
        try Self.createPrivately(path)
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let opened = sqlite3_open_v2(path, &db, flags, nil)
        guard opened == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw .cannotOpen(path: path, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 2_000)
        do {
            try checkIntegrity()
            try execute("PRAGMA journal_mode=WAL")
            // Checkpoints are run by `transaction`, after the caller has heard its commit is
            // durable, instead of by SQLite inside whichever commit crosses the threshold: that
            // could be the capture a pay request is waiting for (4 ms instead of 0.6).
            sqlite3_wal_hook(db, { context, _, _, frames in
                if let context { Unmanaged<WALFrames>.fromOpaque(context).takeUnretainedValue().count = frames }
                return SQLITE_OK
            }, Unmanaged.passUnretained(wal).toOpaque())
            try execute("PRAGMA foreign_keys=ON")
            try setSynchronous(.full)
            if let maxBytes {
                // A hard ceiling: past it SQLite answers SQLITE_FULL, which the journal reports as
                // a full disk, so eMMC never fills up with payment history.
                try execute("PRAGMA max_page_count = \(max(16, maxBytes / 4096))")
            }
        } catch {
            sqlite3_close(db)
            throw error
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close(handle)
    }

    /// Runs SQL that returns no rows (or whose rows are not needed).
    func execute(_ sql: String) throws(JournalError) {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard result == SQLITE_OK else {
            throw failure(result, message.map { String(cString: $0) } ?? lastMessage)
        }
    }

    /// A prepared statement for `sql`, compiled once and reused.
    func statement(_ sql: String) throws(JournalError) -> Statement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard result == SQLITE_OK, let raw else { throw Self.error(result, lastMessage) }
        let statement = Statement(raw, database: self)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE), committed with `durability`.
    /// `committed` runs as soon as the commit is on disk, before a checkpoint that may be due.
    func transaction<T>(
        _ durability: Durability, committed: (() -> Void)? = nil, _ body: () throws(JournalError) -> T
    ) throws(JournalError) -> T {
        try setSynchronous(durability)
        try execute("BEGIN IMMEDIATE")
        let value: T
        do {
            value = try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        committed?()
        checkpointIfDue()
        return value
    }

    /// Frames in the WAL after the last commit.
    var walFrames: Int32 { wal.count }

    /// Copies the WAL into the database once it holds `checkpointFrames`, so it is rewritten from
    /// the start instead of growing. Passive: a checkpoint that cannot finish now (a reader in
    /// the way) is tried again after the next commit; nothing is lost meanwhile.
    private func checkpointIfDue() {
        guard wal.count >= Self.checkpointFrames else { return }
        if sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK { wal.count = 0 }
    }

    var changes: Int { Int(sqlite3_changes(handle)) }
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
    /// The OS error behind the last SQLITE_IOERR/CANTOPEN/FULL (EROFS, ENOSPC, EIO …).
    var lastSystemErrno: Int32 { sqlite3_system_errno(handle) }

    private func setSynchronous(_ durability: Durability) throws(JournalError) {
        guard synchronous != durability else { return }
        try execute("PRAGMA synchronous=\(durability.rawValue)")
        synchronous = durability
    }

    private func checkIntegrity() throws(JournalError) {
        var findings: [String] = []
        do {
            let statement = try self.statement("PRAGMA integrity_check")
            while try statement.step() { findings.append(statement.text(0) ?? "") }
        } catch .corrupt(_, let details) {
            throw .corrupt(path: path, details: details)
        }
        guard findings == ["ok"] else {
            throw .corrupt(path: path, details: findings.prefix(5).joined(separator: "; "))
        }
    }

    /// The journal holds payment codes while they may still be sent: no one else may read it.
    private static func createPrivately(_ path: String) throws(JournalError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw code == EROFS ? .readOnly : .cannotOpen(path: path, message: Self.describe(code))
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
    }

    /// Bytes SQLite holds for every connection in the process (page caches, statements, schema),
    /// for the memory gauges: bounded by the page cache size, unlike a leak.
    static var memoryInUse: Int64 { sqlite3_memory_used() }

    /// What a failed call means. SQLite reports a write that the disk refused as a bare I/O error
    /// and its errno is often gone by then, so for I/O errors the journal's directory is asked
    /// directly: a technician must hear "read-only" or "full", not "disk I/O error".
    func failure(_ code: Int32, _ message: String) -> JournalError {
        let error = Self.error(code, message, errno: lastSystemErrno)
        guard case .sqlite = error, code & 0xFF == SQLITE_IOERR else { return error }
        return Self.probeWrite(besides: path) ?? error
    }

    /// Writes and removes one byte next to `path`; the journal error its failure means, if any.
    static func probeWrite(besides path: String) -> JournalError? {
        let probe = path + "-probe"
        let fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        var code = fd < 0 ? errno : 0
        if fd >= 0 {
            var byte: UInt8 = 0
            if write(fd, &byte, 1) != 1 || fsync(fd) != 0 { code = errno }
            close(fd)
            unlink(probe)
        }
        switch code {
        case EROFS: return .readOnly
        case ENOSPC, EDQUOT: return .diskFull
        default: return nil
        }
    }

    static func describe(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "errno \(code)"
    }

    /// - Parameter errno: `sqlite3_system_errno` after the failure. A file system that turned
    ///   read-only under an open journal (ext4 `errors=remount-ro`) fails writes with EROFS, which
    ///   SQLite reports only as an I/O error; ENOSPC is usually SQLITE_FULL, but not on every path.
    static func error(_ code: Int32, _ message: String, errno: Int32 = 0) -> JournalError {
        switch code & 0xFF {
        case SQLITE_FULL: .diskFull
        case SQLITE_READONLY: .readOnly
        case SQLITE_IOERR where errno == EROFS: .readOnly
        case SQLITE_IOERR where errno == ENOSPC || errno == EDQUOT: .diskFull
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_CORRUPT, SQLITE_NOTADB: .corrupt(path: "", details: message)
        case SQLITE_CONSTRAINT: .rejected(message)
        case SQLITE_IOERR where message.contains("disk is full"): .diskFull
        default: .sqlite(code: code, message: errno == 0 ? message : "\(message) (\(describe(errno)), errno \(errno))")
        }
    }
}
