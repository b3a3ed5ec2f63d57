/// What can go wrong with the journal, in terms a technician can act on. A box that cannot write
/// its journal must refuse new scans rather than take money it has no record of.
public enum JournalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, message: String)
    /// `PRAGMA integrity_check` failed. The file is left in place for forensics.
    case corrupt(path: String, details: String)
    /// The disk (or the journal's size limit) is full: nothing new can be recorded.
    case diskFull
    /// The file system or the database file is read-only.
    case readOnly
    /// Another process held the database longer than the busy timeout allows.
    case busy
    /// The database was written by a newer scanbridge than this one.
    case schemaTooNew(found: Int, supported: Int)
    /// A record the caller named does not exist.
    case notFound(String)
    /// A change the journal refuses because it would break a payment rule.
    case rejected(String)
    /// Any other SQLite failure.
    case sqlite(code: Int32, message: String)

    /// The journal itself cannot record anything (as opposed to refusing one change): the box
    /// needs a technician, and no payment may be taken until it is fixed.
    public var isStorageFault: Bool {
        switch self {
        case .cannotOpen, .corrupt, .diskFull, .readOnly, .busy, .sqlite: true
        case .schemaTooNew, .notFound, .rejected: false
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let message): "journal \(path) cannot be opened: \(message)"
        case .corrupt(let path, let details): "journal \(path) failed its integrity check (file kept for inspection): \(details)"
        case .diskFull: "journal disk is full: new payments are refused until space is freed"
        case .readOnly: "journal is read-only: new payments are refused"
        case .busy: "journal is locked by another process"
        case .schemaTooNew(let found, let supported): "journal schema version \(found) is newer than this agent supports (\(supported)); upgrade scanbridge"
        case .notFound(let what): "journal has no \(what)"
        case .rejected(let why): "journal refused the change: \(why)"
        case .sqlite(let code, let message): "journal error \(code): \(message)"
        }
    }
}
