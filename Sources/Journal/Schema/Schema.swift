/// The journal's tables, as forward-only migrations. `PRAGMA user_version` is the number of
/// migrations applied; a newer agent adds steps, never edits old ones.
enum Schema {
    static let migrations: [String] = [
        // 1: orders, attempts and every state change of an attempt.
        """
        CREATE TABLE orders (
            reference    TEXT PRIMARY KEY,
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            currency     TEXT NOT NULL,
            description  TEXT NOT NULL DEFAULT '',
            source       TEXT NOT NULL,
            created_at   INTEGER NOT NULL
        );
        CREATE TABLE attempts (
            id                 INTEGER PRIMARY KEY,
            order_reference    TEXT NOT NULL REFERENCES orders(reference),
            payment_request_id TEXT NOT NULL UNIQUE CHECK (length(payment_request_id) <= 64),
            code               TEXT,
            code_masked        TEXT NOT NULL,
            amount_minor       INTEGER NOT NULL,
            currency           TEXT NOT NULL,
            state              TEXT NOT NULL,
            captured_at        INTEGER NOT NULL,
            code_expires_at    INTEGER NOT NULL,
            updated_at         INTEGER NOT NULL,
            next_action_at     INTEGER,
            inquiries          INTEGER NOT NULL DEFAULT 0,
            cancel_tries       INTEGER NOT NULL DEFAULT 0,
            payment_id         TEXT,
            result_code        TEXT,
            reason             TEXT
        );
        -- The rule that matters most, kept by the database itself: one paid attempt per order.
        CREATE UNIQUE INDEX attempts_one_success_per_order ON attempts(order_reference) WHERE state = 'succeeded';
        CREATE INDEX attempts_unfinished ON attempts(state)
            WHERE state NOT IN ('succeeded', 'declined', 'failed', 'cancelled', 'expired');
        CREATE INDEX attempts_by_order ON attempts(order_reference);
        CREATE INDEX attempts_by_update ON attempts(updated_at);
        CREATE TABLE transitions (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            at         INTEGER NOT NULL,
            from_state TEXT,
            to_state   TEXT NOT NULL,
            reason     TEXT NOT NULL
        );
        CREATE INDEX transitions_by_attempt ON transitions(attempt_id);
        """,
        // 2: orders a POS opened over the ECR link, and whether their result has reached it. A
        // result that became final while the POS was away stays here until it acknowledges it.
        """
        CREATE TABLE pos_orders (
            reference    TEXT PRIMARY KEY,
            opened_at    INTEGER NOT NULL,
            result       TEXT,
            finished_at  INTEGER,
            delivered_at INTEGER
        );
        CREATE INDEX pos_orders_undelivered ON pos_orders(opened_at) WHERE delivered_at IS NULL;
        """,
        // 3: the technician console's audit log: every change, who (which port) and when.
        """
        CREATE TABLE audit (
            id     INTEGER PRIMARY KEY,
            at     INTEGER NOT NULL,
            port   TEXT NOT NULL,
            action TEXT NOT NULL,
            key    TEXT,
            old    TEXT,
            new    TEXT
        );
        CREATE INDEX audit_by_time ON audit(at);
        """,
        // 4: refunds, each journaled before its request leaves. The database itself keeps the
        // rules that matter: a refund only of a paid attempt, never more refunded (counting every
        // refund not failed) than was paid, and a final refund never changes again.
        """
        CREATE TABLE refunds (
            id                INTEGER PRIMARY KEY,
            refund_request_id TEXT NOT NULL UNIQUE CHECK (length(refund_request_id) <= 64),
            attempt_id        INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            payment_id        TEXT NOT NULL,
            amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
            currency          TEXT NOT NULL,
            state             TEXT NOT NULL CHECK (state IN ('requested', 'unknown', 'refunded', 'failed')),
            source            TEXT NOT NULL,
            reason            TEXT NOT NULL DEFAULT '',
            refund_id         TEXT,
            result_code       TEXT,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL,
            next_action_at    INTEGER,
            tries             INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX refunds_by_attempt ON refunds(attempt_id);
        CREATE INDEX refunds_unfinished ON refunds(state) WHERE state IN ('requested', 'unknown');
        CREATE TRIGGER refunds_only_of_paid_and_within_it BEFORE INSERT ON refunds
        BEGIN
            SELECT RAISE(ABORT, 'refund of a payment that is not paid')
            WHERE (SELECT state FROM attempts WHERE id = NEW.attempt_id) IS NOT 'succeeded';
            SELECT RAISE(ABORT, 'refunds would exceed the paid amount')
            WHERE NEW.amount_minor + (SELECT coalesce(sum(amount_minor), 0) FROM refunds
                                      WHERE attempt_id = NEW.attempt_id AND state != 'failed')
                  > (SELECT amount_minor FROM attempts WHERE id = NEW.attempt_id);
        END;
        CREATE TRIGGER refunds_final_stay_final BEFORE UPDATE OF state ON refunds
        WHEN OLD.state IN ('refunded', 'failed') AND NEW.state != OLD.state
        BEGIN
            SELECT RAISE(ABORT, 'a final refund cannot change');
        END;
        """,
        // 5: who paid, as the acquirer reported it (wallet, masked customer id, what the wallet
        // charged and at what rate), and merchant reversals. The database keeps the rule: a paid
        // attempt leaves `succeeded` only for `cancelling` as a reversal someone asked for, and
        // never while a refund of it is refunded or under way (that money is the refund's).
        """
        ALTER TABLE attempts ADD COLUMN wallet TEXT;
        ALTER TABLE attempts ADD COLUMN customer_id TEXT;
        ALTER TABLE attempts ADD COLUMN actual_amount_minor INTEGER;
        ALTER TABLE attempts ADD COLUMN actual_currency TEXT;
        ALTER TABLE attempts ADD COLUMN quote TEXT;
        ALTER TABLE attempts ADD COLUMN reversal_source TEXT;
        CREATE TRIGGER attempts_success_leaves_only_as_reversal BEFORE UPDATE OF state ON attempts
        WHEN OLD.state = 'succeeded' AND NEW.state != 'succeeded'
        BEGIN
            SELECT RAISE(ABORT, 'a paid payment leaves succeeded only as a reversal, to cancelling')
            WHERE NEW.state != 'cancelling' OR NEW.reversal_source IS NULL;
            SELECT RAISE(ABORT, 'a payment with refunds cannot be reversed')
            WHERE EXISTS (SELECT 1 FROM refunds WHERE attempt_id = OLD.id AND state != 'failed');
        END;
        """,
        // 6: which acquirer each attempt went to, so recovery (inquiry, cancel, refund) goes back
        // to the same one when a box has two; every attempt before this went to Antom. And what a
        // decline means to the customer, read by the acquirer that declined it, so the POS answer
        // needs no acquirer's result-code table. The acquirer of an attempt never changes.
        """
        ALTER TABLE attempts ADD COLUMN acquirer TEXT NOT NULL DEFAULT 'antom';
        ALTER TABLE attempts ADD COLUMN decline_reason TEXT;
        CREATE TRIGGER attempts_acquirer_fixed BEFORE UPDATE OF acquirer ON attempts
        WHEN NEW.acquirer != OLD.acquirer
        BEGIN
            SELECT RAISE(ABORT, 'an attempt stays with the acquirer it was sent to');
        END;
        """,
        // 7: the journal is the fleet uplink's outbox (issue 19). A final attempt or refund is
        // marked `exported_at` only when the broker acknowledged it (PUBACK); a new state of an
        // attempt (a paid one reversed) clears the mark, so the change is exported too. While
        // the box exports (`export_policy.required`, set by the agent from fleet.enabled), the
        // database itself keeps pruning from deleting what the head office has not received:
        // such a delete is skipped (RAISE(IGNORE), so a prune batch goes on with the rest).
        """
        ALTER TABLE attempts ADD COLUMN exported_at INTEGER;
        ALTER TABLE refunds ADD COLUMN exported_at INTEGER;
        CREATE TABLE export_policy (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            required INTEGER NOT NULL CHECK (required IN (0, 1))
        );
        INSERT INTO export_policy (id, required) VALUES (1, 0);
        CREATE INDEX attempts_unexported ON attempts(updated_at)
            WHERE exported_at IS NULL AND state IN ('succeeded', 'declined', 'failed', 'cancelled', 'expired', 'needsAttention');
        CREATE INDEX refunds_unexported ON refunds(updated_at) WHERE exported_at IS NULL AND state IN ('refunded', 'failed');
        CREATE TRIGGER attempts_new_state_exported_again AFTER UPDATE OF state ON attempts
        WHEN NEW.state != OLD.state AND NEW.exported_at IS NOT NULL
        BEGIN
            UPDATE attempts SET exported_at = NULL WHERE id = NEW.id;
        END;
        CREATE TRIGGER attempts_kept_until_exported BEFORE DELETE ON attempts
        WHEN (SELECT required FROM export_policy) = 1
             AND (OLD.exported_at IS NULL
                  OR EXISTS (SELECT 1 FROM refunds WHERE attempt_id = OLD.id AND exported_at IS NULL))
        BEGIN
            SELECT RAISE(IGNORE);
        END;
        CREATE TRIGGER refunds_kept_until_exported BEFORE DELETE ON refunds
        WHEN (SELECT required FROM export_policy) = 1 AND OLD.exported_at IS NULL
        BEGIN
            SELECT RAISE(ABORT, 'a refund not yet exported cannot be deleted');
        END;
        """,
    ]

    static var version: Int { migrations.count }

    /// Brings the database up to `version`, each step in its own transaction.
    static func migrate(_ database: Database) throws(JournalError) {
        let current = try database.statement("PRAGMA user_version").firstRow { Int($0.integer(0)) } ?? 0
        guard current <= version else { throw .schemaTooNew(found: current, supported: version) }
        for (index, sql) in migrations.enumerated().dropFirst(current) {
            try database.transaction(.full) { () throws(JournalError) in
                try database.execute(sql)
                try database.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }
}
