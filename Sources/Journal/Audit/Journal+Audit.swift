extension Journal {
    /// Appends audit rows in one fsynced commit: a change that was applied is on record even if
    /// the power goes right after.
    public func audit(_ entries: [AuditEntry]) throws(JournalError) {
        guard !entries.isEmpty else { return }
        try database.transaction(.full) { () throws(JournalError) in
            for entry in entries {
                try database.statement("INSERT INTO audit (at, port, action, key, old, new) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(.integer(entry.at), .text(entry.port), .text(entry.action), .optional(entry.key), .optional(entry.old), .optional(entry.new))
                    .run()
            }
        }
    }

    /// The newest `limit` audit rows, oldest first.
    public func auditLog(limit: Int = 50) throws(JournalError) -> [AuditEntry] {
        let statement = try database.statement("SELECT id, at, port, action, key, old, new FROM (SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id")
        try statement.bind(.integer(Int64(limit)))
        var rows: [AuditEntry] = []
        while try statement.step() {
            rows.append(AuditEntry(id: statement.integer(0), at: statement.integer(1), port: statement.text(2) ?? "", action: statement.text(3) ?? "",
                                   key: statement.text(4), old: statement.text(5), new: statement.text(6)))
        }
        return rows
    }
}
