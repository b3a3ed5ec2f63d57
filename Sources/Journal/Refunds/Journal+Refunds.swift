extension Journal {
    /// Journals a refund, durably, before its request may leave. Refused by the database itself
    /// when the attempt is not paid or the refund would take the refunds past what was paid.
    /// The same `refundRequestId` again returns the refund already journaled (a POS resending its
    /// `rid`), if it is for the same payment and amount.
    public func requestRefund(refundRequestId: String, attemptId: Int64, amountMinor: Int64, source: String, reason: String,
                              at now: Int64) throws(JournalError) -> Refund {
        if let existing = try refund(refundRequestId: refundRequestId) {
            guard existing.attemptId == attemptId, existing.amountMinor == amountMinor else {
                throw .rejected("refund \(refundRequestId) exists for another payment or amount")
            }
            return existing
        }
        let attempt = try attempt(attemptId)
        guard attempt.state == .succeeded, let paymentId = attempt.paymentId else {
            throw .rejected("payment \(attemptId) is \(attempt.state.rawValue); only a paid payment can be refunded")
        }
        // The triggers' RAISE comes back as `.rejected` with their message.
        try database.transaction(.full) { () throws(JournalError) in
            try database.statement("""
                INSERT INTO refunds (refund_request_id, attempt_id, payment_id, amount_minor, currency, state, source, reason,
                                     created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'requested', ?, ?, ?, ?)
                """)
                .bind(.text(refundRequestId), .integer(attemptId), .text(paymentId), .integer(amountMinor), .text(attempt.currency),
                      .text(source), .text(reason), .integer(now), .integer(now))
                .run()
        }
        guard let made = try refund(refundRequestId: refundRequestId) else { throw .notFound("refund \(refundRequestId)") }
        return made
    }

    /// Records what the acquirer said of a refund. A final state is fsynced; an unknown one is
    /// scheduled for its inquiry at `nextActionAt`.
    @discardableResult
    public func updateRefund(_ id: Int64, to state: RefundState, at now: Int64, nextActionAt: Int64? = nil, refundId: String? = nil,
                             resultCode: String? = nil, reason: String? = nil) throws(JournalError) -> Refund {
        try database.transaction(state.isFinal ? .full : .normal) { () throws(JournalError) in
            try database.statement("""
                UPDATE refunds SET state = ?, updated_at = ?, next_action_at = ?, refund_id = coalesce(?, refund_id),
                    result_code = coalesce(?, result_code), reason = coalesce(?, reason), tries = tries + 1
                WHERE id = ?
                """)
                .bind(.text(state.rawValue), .integer(now), .optional(nextActionAt), .optional(refundId), .optional(resultCode),
                      .optional(reason), .integer(id))
                .run()
        }
        return try refundByID(id)
    }

    public func refund(refundRequestId: String) throws(JournalError) -> Refund? {
        try refunds("SELECT \(Self.refundColumns) FROM refunds WHERE refund_request_id = ?", .text(refundRequestId)).first
    }

    public func refundByID(_ id: Int64) throws(JournalError) -> Refund {
        guard let found = try refunds("SELECT \(Self.refundColumns) FROM refunds WHERE id = ?", .integer(id)).first else {
            throw .notFound("refund \(id)")
        }
        return found
    }

    /// Every refund of a payment, oldest first.
    public func refunds(attemptId: Int64) throws(JournalError) -> [Refund] {
        try refunds("SELECT \(Self.refundColumns) FROM refunds WHERE attempt_id = ? ORDER BY id", .integer(attemptId))
    }

    /// Refunds not yet final, oldest first: what the engine settles, and resumes after a restart.
    public func unfinishedRefunds() throws(JournalError) -> [Refund] {
        try refunds("SELECT \(Self.refundColumns) FROM refunds WHERE state IN ('requested', 'unknown') ORDER BY id")
    }

    /// Minor units refunded or still possibly refunding (every refund not failed).
    public func refundedMinor(attemptId: Int64) throws(JournalError) -> Int64 {
        try refunds(attemptId: attemptId).filter { $0.state != .failed }.reduce(0) { $0 + $1.amountMinor }
    }

    static let refundColumns = """
        id, refund_request_id, attempt_id, payment_id, amount_minor, currency, state, source, reason, refund_id, result_code,
        created_at, updated_at, next_action_at, tries
        """

    private func refunds(_ sql: String, _ values: SQLValue...) throws(JournalError) -> [Refund] {
        let statement = try database.statement(sql)
        try statement.bind(values)
        var rows: [Refund] = []
        while try statement.step() {
            rows.append(Refund(
                id: statement.integer(0), refundRequestId: statement.text(1) ?? "", attemptId: statement.integer(2),
                paymentId: statement.text(3) ?? "", amountMinor: statement.integer(4), currency: statement.text(5) ?? "",
                state: RefundState(rawValue: statement.text(6) ?? "") ?? .unknown, source: statement.text(7) ?? "",
                reason: statement.text(8) ?? "", refundId: statement.text(9), resultCode: statement.text(10),
                createdAt: statement.integer(11), updatedAt: statement.integer(12), nextActionAt: statement.optionalInteger(13),
                tries: Int(statement.integer(14))))
        }
        return rows
    }
}
