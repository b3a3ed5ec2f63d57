/// The journal as the fleet uplink's outbox (migration 7): brokers lose messages on restart and
/// client libraries lose QoS 1 messages around a reconnect, so the broker is never the only
/// copy. A row is exported at least once; duplicates are keyed by its request id.
extension Journal {
    static let exportedAttemptStates = "('succeeded', 'declined', 'failed', 'cancelled', 'expired', 'needsAttention')"

    /// Whether pruning must keep unexported rows: on while the box has a fleet uplink. Off, the
    /// journal prunes as before migration 7 (a box without a broker must not fill its disk).
    public func requireExport(_ required: Bool) throws(JournalError) {
        // Every start asks; a write only when it changes (a box's eMMC counts writes).
        guard try exportRequired() != required else { return }
        try database.transaction(.normal) { () throws(JournalError) in
            try database.statement("UPDATE export_policy SET required = ? WHERE id = 1").bind(.integer(required ? 1 : 0)).run()
        }
    }

    /// Whether pruning keeps unexported rows now.
    public func exportRequired() throws(JournalError) -> Bool {
        try database.statement("SELECT required FROM export_policy WHERE id = 1").firstRow { $0.integer(0) == 1 } ?? false
    }

    /// Up to `limit` final attempts and refunds not yet acknowledged, in the order they became
    /// final, leaving out `excluding` (those already on their way).
    public func unexported(limit: Int, excluding: Set<ExportKey> = []) throws(JournalError) -> [ExportItem] {
        let statement = try database.statement("""
            SELECT 'payment', id, updated_at FROM attempts WHERE exported_at IS NULL AND state IN \(Self.exportedAttemptStates)
            UNION ALL
            SELECT 'refund', id, updated_at FROM refunds WHERE exported_at IS NULL AND state IN ('refunded', 'failed')
            ORDER BY 3, 1, 2 LIMIT ?
            """)
        try statement.bind(.integer(Int64(limit + excluding.count)))
        var keys: [ExportKey] = []
        while try statement.step() {
            let key = ExportKey(kind: statement.text(0) == "refund" ? .refund : .payment, id: statement.integer(1))
            if !excluding.contains(key) { keys.append(key) }
        }
        return try keys.prefix(limit).map { (key) throws(JournalError) -> ExportItem in
            switch key.kind {
            case .payment:
                return .payment(try attempt(key.id))
            case .refund:
                let refund = try refundByID(key.id)
                return .refund(refund, paymentRequestId: try attempt(refund.attemptId).paymentRequestId)
            }
        }
    }

    /// Marks a row exported (the broker's PUBACK), if it is still as published. Not fsynced: a
    /// mark lost to a power cut only means the row is published once more. False when the row
    /// changed or went meanwhile.
    @discardableResult
    public func markExported(_ key: ExportKey, version: ExportVersion, at now: Int64) throws(JournalError) -> Bool {
        let table = key.kind == .payment ? "attempts" : "refunds"
        return try database.transaction(.normal) { () throws(JournalError) -> Bool in
            try database.statement("UPDATE \(table) SET exported_at = ? WHERE id = ? AND state = ? AND updated_at = ? AND exported_at IS NULL")
                .bind(.integer(now), .integer(key.id), .text(version.state), .integer(version.updatedAt)).run()
            return database.changes == 1
        }
    }

    /// When a row was marked exported; nil while it waits (or when there is no such row).
    public func exportedAt(_ key: ExportKey) throws(JournalError) -> Int64? {
        let table = key.kind == .payment ? "attempts" : "refunds"
        let statement = try database.statement("SELECT exported_at FROM \(table) WHERE id = ?")
        try statement.bind(.integer(key.id))
        return try statement.firstRow { $0.optionalInteger(0) } ?? nil
    }

    public func exportBacklog() throws(JournalError) -> ExportBacklog {
        let statement = try database.statement("""
            SELECT count(*), min(updated_at) FROM (
                SELECT updated_at FROM attempts WHERE exported_at IS NULL AND state IN \(Self.exportedAttemptStates)
                UNION ALL
                SELECT updated_at FROM refunds WHERE exported_at IS NULL AND state IN ('refunded', 'failed'))
            """)
        return try statement.firstRow { ExportBacklog(count: Int($0.integer(0)), oldestAt: $0.optionalInteger(1)) }
            ?? ExportBacklog(count: 0, oldestAt: nil)
    }
}
