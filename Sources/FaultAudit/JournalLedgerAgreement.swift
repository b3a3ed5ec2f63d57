import AntomSimulator
import Journal

/// The box's journal and the acquirer's ledger must tell the same story: what the journal calls
/// succeeded is paid and not cancelled at the acquirer, what the acquirer holds as paid is
/// succeeded in the journal, and no order was paid twice. Reusable by any test or soak that has
/// both (attempts from `Journal.attempts(order:)`, the ledger from `Ledger.snapshot()`).
public enum JournalLedgerAgreement {
    /// What disagrees, one line each; empty when journal and ledger agree.
    public static func disagreements(attempts: [Attempt], ledger: LedgerSnapshot) -> [String] {
        var problems: [String] = []
        let byRequest = Dictionary(attempts.map { ($0.paymentRequestId, $0) }, uniquingKeysWith: { first, _ in first })
        for attempt in attempts where attempt.state == .succeeded {
            let entry = ledger.entry(attempt.paymentRequestId)
            if entry?.status != "SUCCESS" {
                problems.append("journal: attempt \(attempt.id) (\(attempt.paymentRequestId)) succeeded; ledger: \(entry?.status ?? "no such payment")")
            }
        }
        for entry in ledger.payments where entry.status == "SUCCESS" {
            let attempt = byRequest[entry.paymentRequestId]
            if attempt?.state != .succeeded {
                problems.append("ledger: \(entry.paymentRequestId) paid; journal: \(attempt.map { "\($0.state)" } ?? "no such attempt")")
            }
        }
        for entry in ledger.payments where byRequest[entry.paymentRequestId] == nil {
            problems.append("ledger holds \(entry.paymentRequestId) (\(entry.status)) that no journaled attempt made")
        }
        problems += ledger.ordersPaidMoreThanOnce.map { "order \($0) paid more than once" }
        // Judged on the full codes, by the ledger: masks collide (first 6 and last 4 digits),
        // which once failed a run with two different codes ending in the same four digits.
        problems += ledger.codesPaidMoreThanOnce.map { "code \($0) paid more than once" }
        return problems
    }
}
