/// The payment journal: orders, attempts and every transition, in one SQLite file. The settlement
/// engine writes here before it acts (a pay request never leaves before its attempt is durable)
/// and reads here after a restart to finish what was in flight.
public actor Journal {
    public nonisolated let path: String
    let database: Database
    /// Commits fsync: they run on a queue of their own, never on Swift's cooperative threads,
    /// where a 0.4 ms (or, on a tired eMMC, 40 ms) fsync would stall the scanner and the LEDs.
    private let executor = JournalExecutor()

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Opens (or creates, mode 0600) and migrates the journal. Refuses a file that fails
    /// `integrity_check`, leaving it in place. `maxBytes` bounds the file (4 KiB pages); past it
    /// writes fail as `diskFull`.
    public init(path: String, maxBytes: Int64? = nil) throws(JournalError) {
        self.path = path
        database = try Database(path: path, maxBytes: maxBytes)
        try Schema.migrate(database)
    }

    // MARK: Orders

    /// Records an order. Opening the same reference again with the same amount is harmless (a POS
    /// resending after a reconnect); with a different amount it is refused.
    ///
    /// Committed without an fsync of its own: in WAL mode the attempt's fsynced commit makes every
    /// earlier commit durable too, so no payment can exist without its order, and the scan path
    /// pays for one fsync, not two.
    public func open(_ order: Order) throws(JournalError) {
        if let existing = try self.order(order.reference) {
            guard existing.amountMinor == order.amountMinor, existing.currency == order.currency else {
                throw .rejected("order \(order.reference) exists with another amount")
            }
            return
        }
        try database.transaction(.normal) { () throws(JournalError) in try insert(order) }
    }

    private func insert(_ order: Order) throws(JournalError) {
        try database.statement("INSERT INTO orders (reference, amount_minor, currency, description, source, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(.text(order.reference), .integer(order.amountMinor), .text(order.currency), .text(order.description), .text(order.source), .integer(order.createdAt))
            .run()
    }

    public func order(_ reference: String) throws(JournalError) -> Order? {
        let statement = try database.statement("SELECT reference, amount_minor, currency, description, source, created_at FROM orders WHERE reference = ?")
        try statement.bind(.text(reference))
        return try statement.firstRow { row in
            Order(
                reference: row.text(0) ?? "", amountMinor: row.integer(1), currency: row.text(2) ?? "",
                description: row.text(3) ?? "", source: row.text(4) ?? "", createdAt: row.integer(5)
            )
        }
    }

    // MARK: Attempts

    /// Records a scanned code against an order, durably (fsync) before anything is sent. With
    /// `submitting`, the attempt is recorded as already on its way, in the same commit; with
    /// `opening`, so is the order (one commit instead of two for an order made at the scan).
    /// `whenDurable` runs on the journal's thread right after the commit, and only after it: it
    /// may send the request without waiting for the caller to be scheduled again.
    ///
    /// Refused when the order is unknown, already paid, has an attempt still in progress, or has
    /// one that needs a person.
    public func capture(
        opening newOrder: Order? = nil, orderReference: String, code: String, codeMasked: String, paymentRequestId: String,
        capturedAt: Int64, codeExpiresAt: Int64, submitting: Bool, acquirer: String = "antom",
        whenDurable: (@Sendable () -> Void)? = nil
    ) throws(JournalError) -> Attempt {
        if let newOrder, newOrder.reference != orderReference { throw .rejected("order \(newOrder.reference) is not \(orderReference)") }
        let stored = try order(orderReference)
        if let stored, let newOrder, stored.amountMinor != newOrder.amountMinor || stored.currency != newOrder.currency {
            throw .rejected("order \(orderReference) exists with another amount")
        }
        guard let order = stored ?? newOrder else { throw .notFound("order \(orderReference)") }
        let inserting = stored == nil ? newOrder : nil
        let existing = try attempts(order: orderReference)
        if existing.contains(where: { $0.state == .succeeded }) { throw .rejected("order \(orderReference) is already paid") }
        if let open = existing.first(where: { !$0.state.isFinal }) {
            throw .rejected("order \(orderReference) has attempt \(open.id) in progress")
        }
        // A payment nobody could cancel may still have taken the money: no second one until a
        // person has reconciled it.
        if let review = existing.first(where: { $0.state == .needsAttention }) {
            throw .rejected("order \(orderReference) has attempt \(review.id) waiting for a person to reconcile it")
        }
        // The pay may leave the moment the commit is durable: before a checkpoint that may be due.
        let id = try database.transaction(.full, committed: whenDurable) { () throws(JournalError) -> Int64 in
            if let inserting { try insert(inserting) }
            try database.statement("""
                INSERT INTO attempts (order_reference, payment_request_id, code, code_masked, amount_minor, currency, state,
                                      captured_at, code_expires_at, updated_at, acquirer)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .bind(.text(orderReference), .text(paymentRequestId), .text(code), .text(codeMasked), .integer(order.amountMinor),
                      .text(order.currency), .text((submitting ? AttemptState.submitting : .captured).rawValue),
                      .integer(capturedAt), .integer(codeExpiresAt), .integer(capturedAt), .text(acquirer))
                .run()
            let id = database.lastInsertRowID
            try record(id, from: nil, to: .captured, reason: "code scanned", at: capturedAt)
            if submitting { try record(id, from: .captured, to: .submitting, reason: "sending pay", at: capturedAt) }
            return id
        }
        // As committed, without reading it back: the request may already be on its way.
        return Attempt(
            id: id, orderReference: orderReference, paymentRequestId: paymentRequestId, code: code, codeMasked: codeMasked,
            amountMinor: order.amountMinor, currency: order.currency, state: submitting ? .submitting : .captured,
            capturedAt: capturedAt, codeExpiresAt: codeExpiresAt, updatedAt: capturedAt, nextActionAt: nil,
            inquiries: 0, cancelTries: 0, paymentId: nil, resultCode: nil, reason: nil, acquirer: acquirer)
    }

    /// `capture`, queued on the journal's thread straight from the caller's, with the result
    /// handed to `completion` there. The caller keeps its thread meanwhile (the engine signs the
    /// request on it) and no task has to be scheduled before the commit can start.
    public nonisolated func startCapture(
        opening newOrder: Order? = nil, orderReference: String, code: String, codeMasked: String, paymentRequestId: String,
        capturedAt: Int64, codeExpiresAt: Int64, submitting: Bool, acquirer: String = "antom",
        whenDurable: (@Sendable () -> Void)? = nil, completion: @escaping @Sendable (Result<Attempt, JournalError>) -> Void
    ) {
        executor.run { [self] in
            let result = assumeIsolated { journal -> Result<Attempt, JournalError> in
                do throws(JournalError) {
                    return .success(try journal.capture(
                        opening: newOrder, orderReference: orderReference, code: code, codeMasked: codeMasked,
                        paymentRequestId: paymentRequestId, capturedAt: capturedAt, codeExpiresAt: codeExpiresAt,
                        submitting: submitting, acquirer: acquirer, whenDurable: whenDurable))
                } catch {
                    return .failure(error)
                }
            }
            completion(result)
        }
    }

    /// Moves an attempt to a new state. Illegal moves are refused; so is a second success for an
    /// order (the database enforces one). Final states drop the stored code, which is single-use
    /// anyway; the states a merchant is shown are fsynced, the steps in between are not (after a
    /// power cut, recovery repeats them).
    @discardableResult
    public func transition(_ id: Int64, _ change: Transition) throws(JournalError) -> Attempt {
        let current = try attempt(id)
        guard current.state.successors.contains(change.to) else {
            throw .rejected("attempt \(id) cannot go from \(current.state.rawValue) to \(change.to.rawValue)")
        }
        // A reversal is a money movement: durable before its cancel leaves, as a pay is.
        let durability: Database.Durability = change.to.isFinal || change.to == .submitting || change.reversalSource != nil ? .full : .normal
        try database.transaction(durability) { () throws(JournalError) in
            try database.statement("""
                UPDATE attempts SET state = ?, updated_at = ?, next_action_at = ?,
                    payment_id = coalesce(?, payment_id), result_code = coalesce(?, result_code), reason = ?,
                    inquiries = inquiries + ?, cancel_tries = cancel_tries + ?,
                    code = CASE WHEN ? THEN NULL ELSE code END,
                    wallet = coalesce(?, wallet), customer_id = coalesce(?, customer_id),
                    actual_amount_minor = coalesce(?, actual_amount_minor), actual_currency = coalesce(?, actual_currency),
                    quote = coalesce(?, quote), reversal_source = coalesce(?, reversal_source),
                    decline_reason = coalesce(?, decline_reason)
                WHERE id = ?
                """)
                .bind(.text(change.to.rawValue), .integer(change.at), .optional(change.nextActionAt), .optional(change.paymentId),
                      .optional(change.resultCode), .text(change.reason), .integer(change.countsInquiry ? 1 : 0),
                      .integer(change.countsCancelTry ? 1 : 0), .integer(change.to.isFinal ? 1 : 0),
                      .optional(change.payer?.wallet), .optional(change.payer?.customerId), .optional(change.payer?.actualAmountMinor),
                      .optional(change.payer?.actualCurrency), .optional(change.payer?.quote), .optional(change.reversalSource),
                      .optional(change.declineReason), .integer(id))
                .run()
            try record(id, from: current.state, to: change.to, reason: change.reason, at: change.at)
        }
        return try attempt(id)
    }

    /// Schedules the next action without a state change (another inquiry, a cancel retry).
    @discardableResult
    public func reschedule(_ id: Int64, at: Int64, nextActionAt: Int64, countsInquiry: Bool = false, countsCancelTry: Bool = false, reason: String? = nil) throws(JournalError) -> Attempt {
        try database.transaction(.normal) { () throws(JournalError) in
            try database.statement("""
                UPDATE attempts SET updated_at = ?, next_action_at = ?, inquiries = inquiries + ?,
                    cancel_tries = cancel_tries + ?, reason = coalesce(?, reason) WHERE id = ?
                """)
                .bind(.integer(at), .integer(nextActionAt), .integer(countsInquiry ? 1 : 0), .integer(countsCancelTry ? 1 : 0), .optional(reason), .integer(id))
                .run()
        }
        return try attempt(id)
    }

    public func attempt(_ id: Int64) throws(JournalError) -> Attempt {
        let statement = try database.statement("SELECT \(Self.columns) FROM attempts WHERE id = ?")
        try statement.bind(.integer(id))
        guard let attempt = try statement.firstRow(Self.attempt) else { throw .notFound("attempt \(id)") }
        return attempt
    }

    public func attempt(paymentRequestId: String) throws(JournalError) -> Attempt? {
        try query("SELECT \(Self.columns) FROM attempts WHERE payment_request_id = ?", .text(paymentRequestId)).first
    }

    public func attempts(order reference: String) throws(JournalError) -> [Attempt] {
        try query("SELECT \(Self.columns) FROM attempts WHERE order_reference = ? ORDER BY id", .text(reference))
    }

    /// The latest attempts in one state, newest first.
    public func attempts(state: AttemptState, limit: Int) throws(JournalError) -> [Attempt] {
        try query("SELECT \(Self.columns) FROM attempts WHERE state = ? ORDER BY id DESC LIMIT ?", .text(state.rawValue), .integer(Int64(limit)))
    }

    /// Every attempt the engine still has to finish, oldest first: what recovery resumes.
    public func unfinished() throws(JournalError) -> [Attempt] {
        try query("SELECT \(Self.columns) FROM attempts WHERE state NOT IN ('succeeded', 'declined', 'failed', 'cancelled', 'expired', 'needsAttention') ORDER BY id")
    }

    /// The journaled history of one attempt, oldest first.
    public func history(_ id: Int64) throws(JournalError) -> [(from: AttemptState?, to: AttemptState, reason: String, at: Int64)] {
        let statement = try database.statement("SELECT from_state, to_state, reason, at FROM transitions WHERE attempt_id = ? ORDER BY rowid")
        try statement.bind(.integer(id))
        var rows: [(from: AttemptState?, to: AttemptState, reason: String, at: Int64)] = []
        while try statement.step() {
            rows.append((statement.text(0).flatMap(AttemptState.init), AttemptState(rawValue: statement.text(1) ?? "") ?? .captured,
                         statement.text(2) ?? "", statement.integer(3)))
        }
        return rows
    }

    /// Attempts per state, for the console's status and the metrics.
    /// What SQLite holds in memory across the process; see ``Database/memoryInUse``.
    public nonisolated static var sqliteMemoryInUse: Int64 { Database.memoryInUse }

    public func counts() throws(JournalError) -> [AttemptState: Int] {
        let statement = try database.statement("SELECT state, count(*) FROM attempts GROUP BY state")
        var counts: [AttemptState: Int] = [:]
        while try statement.step() {
            if let state = statement.text(0).flatMap(AttemptState.init) { counts[state] = Int(statement.integer(1)) }
        }
        return counts
    }

    // MARK: Retention

    /// Deletes up to `batch` final attempts last changed before `before` (with their history, and
    /// orders left without attempts). While the box exports its journal, only what the broker
    /// has acknowledged (migration 7's trigger refuses the rest; this query does not ask). Small batches keep the journal responsive while pruning.
    /// Returns how many attempts went.
    public func prune(finalBefore before: Int64, batch: Int = 200) throws(JournalError) -> Int {
        try database.transaction(.normal) { () throws(JournalError) -> Int in
            try database.statement("""
                DELETE FROM attempts WHERE id IN (
                    SELECT id FROM attempts WHERE updated_at < ?
                    AND state IN ('succeeded', 'declined', 'failed', 'cancelled', 'expired')
                    AND id NOT IN (SELECT attempt_id FROM refunds WHERE state IN ('requested', 'unknown'))
                    AND ((SELECT required FROM export_policy) = 0
                         OR (exported_at IS NOT NULL AND id NOT IN (SELECT attempt_id FROM refunds WHERE exported_at IS NULL)))
                    LIMIT ?)
                """).bind(.integer(before), .integer(Int64(batch))).run()
            let pruned = database.changes
            try database.statement("DELETE FROM orders WHERE created_at < ? AND reference NOT IN (SELECT order_reference FROM attempts)")
                .bind(.integer(before)).run()
            try database.statement("DELETE FROM pos_orders WHERE coalesce(delivered_at, finished_at, opened_at) < ?").bind(.integer(before)).run()
            return pruned
        }
    }

    // MARK: Internals

    static let columns = """
        id, order_reference, payment_request_id, code, code_masked, amount_minor, currency, state, captured_at,
        code_expires_at, updated_at, next_action_at, inquiries, cancel_tries, payment_id, result_code, reason,
        wallet, customer_id, actual_amount_minor, actual_currency, quote, reversal_source, decline_reason, acquirer
        """

    static func attempt(_ row: Statement) -> Attempt {
        Attempt(
            id: row.integer(0), orderReference: row.text(1) ?? "", paymentRequestId: row.text(2) ?? "", code: row.text(3),
            codeMasked: row.text(4) ?? "", amountMinor: row.integer(5), currency: row.text(6) ?? "",
            state: AttemptState(rawValue: row.text(7) ?? "") ?? .needsAttention, capturedAt: row.integer(8),
            codeExpiresAt: row.integer(9), updatedAt: row.integer(10), nextActionAt: row.optionalInteger(11),
            inquiries: Int(row.integer(12)), cancelTries: Int(row.integer(13)), paymentId: row.text(14),
            resultCode: row.text(15), reason: row.text(16),
            payer: PayerInfo(wallet: row.text(17), customerId: row.text(18), actualAmountMinor: row.optionalInteger(19),
                             actualCurrency: row.text(20), quote: row.text(21)),
            reversalSource: row.text(22), declineReason: row.text(23), acquirer: row.text(24) ?? "antom"
        )
    }

    func query(_ sql: String, _ values: SQLValue...) throws(JournalError) -> [Attempt] {
        let statement = try database.statement(sql)
        try statement.bind(values)
        var rows: [Attempt] = []
        while try statement.step() { rows.append(Self.attempt(statement)) }
        return rows
    }

    private func record(_ id: Int64, from: AttemptState?, to: AttemptState, reason: String, at: Int64) throws(JournalError) {
        try database.statement("INSERT INTO transitions (attempt_id, at, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)")
            .bind(.integer(id), .integer(at), .optional(from?.rawValue), .text(to.rawValue), .text(reason))
            .run()
    }
}
