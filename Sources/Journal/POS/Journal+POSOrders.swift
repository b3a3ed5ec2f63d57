/// An order a POS opened over the ECR link, and where its result stands. `result` is the
/// POS link's own encoding of the final result, opaque to the journal.
public struct POSOrderRecord: Hashable, Sendable {
    public let reference: String
    public let openedAt: Int64
    public let result: String?
    public let finishedAt: Int64?
    /// When the POS acknowledged the result; nil while it still has to be delivered.
    public let deliveredAt: Int64?
}

extension Journal {
    /// Records that a POS opened (or reopened, after a result that was not a payment) the order:
    /// any earlier result is forgotten, in the same commit.
    public func recordPOSOrder(_ reference: String, at: Int64) throws(JournalError) {
        try database.transaction(.full) { () throws(JournalError) in
            try database.statement("""
                INSERT INTO pos_orders (reference, opened_at) VALUES (?, ?)
                ON CONFLICT(reference) DO UPDATE SET opened_at = excluded.opened_at, result = NULL,
                    finished_at = NULL, delivered_at = NULL
                """).bind(.text(reference), .integer(at)).run()
        }
    }

    /// Stores the final result of a POS order, to be delivered until the POS acknowledges it.
    public func finishPOSOrder(_ reference: String, result: String, at: Int64) throws(JournalError) {
        try database.transaction(.full) { () throws(JournalError) in
            try database.statement("UPDATE pos_orders SET result = ?, finished_at = ?, delivered_at = NULL WHERE reference = ?")
                .bind(.text(result), .integer(at), .text(reference)).run()
        }
    }

    /// The POS confirmed it has the result: it is not sent again.
    public func acknowledgePOSOrder(_ reference: String, at: Int64) throws(JournalError) {
        try database.transaction(.normal) { () throws(JournalError) in
            try database.statement("UPDATE pos_orders SET delivered_at = ? WHERE reference = ? AND result IS NOT NULL")
                .bind(.integer(at), .text(reference)).run()
        }
    }

    public func posOrder(_ reference: String) throws(JournalError) -> POSOrderRecord? {
        try posOrders("SELECT reference, opened_at, result, finished_at, delivered_at FROM pos_orders WHERE reference = ?", .text(reference)).first
    }

    /// Orders opened since `openedSince` (Unix ms) that are still open, or finished with a result
    /// the POS has not acknowledged, oldest first.
    public func undeliveredPOSOrders(openedSince: Int64 = 0) throws(JournalError) -> [POSOrderRecord] {
        try posOrders("""
            SELECT reference, opened_at, result, finished_at, delivered_at FROM pos_orders
            WHERE delivered_at IS NULL AND opened_at >= ? ORDER BY opened_at, reference
            """, .integer(openedSince))
    }

    /// Minor units of `source`'s attempts captured since `since` that are paid or may still be:
    /// what a daily cap counts. Attempts that ended unpaid do not count.
    public func committedAmount(source: String, since: Int64) throws(JournalError) -> Int64 {
        let statement = try database.statement("""
            SELECT coalesce(sum(a.amount_minor), 0) FROM attempts a JOIN orders o ON o.reference = a.order_reference
            WHERE o.source = ? AND a.captured_at >= ? AND a.state NOT IN ('declined', 'failed', 'cancelled', 'expired')
            """)
        try statement.bind(.text(source), .integer(since))
        _ = try statement.step()
        return statement.integer(0)
    }

    private func posOrders(_ sql: String, _ values: SQLValue...) throws(JournalError) -> [POSOrderRecord] {
        let statement = try database.statement(sql)
        try statement.bind(values)
        var rows: [POSOrderRecord] = []
        while try statement.step() {
            rows.append(POSOrderRecord(reference: statement.text(0) ?? "", openedAt: statement.integer(1), result: statement.text(2),
                                       finishedAt: statement.optionalInteger(3), deliveredAt: statement.optionalInteger(4)))
        }
        return rows
    }
}
