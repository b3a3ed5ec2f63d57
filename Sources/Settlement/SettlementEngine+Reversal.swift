import PaymentModel
import Journal

/// What a merchant's reversal of a paid payment came to.
public enum ReversalResult: Equatable, Sendable {
    /// The acquirer confirmed the cancel: the customer has the money back. Final in the journal
    /// as `cancelled`, with who asked.
    case reversed
    /// The acquirer would not cancel it (usually past the cancel deadline, 00:15 UTC+8 the day
    /// after): the payment stands, paid, and only a refund can give the money back.
    case refused(String)
    /// Sent, and the answer is not known yet: the engine goes on (cancel again, inquire) until it
    /// is, after a restart too.
    case pending(String)
    /// Still unknown past the cancel deadline: a person must look.
    case needsAttention(String)
    /// Refused by the box before anything left (not paid, refunded, unknown payment).
    case notPossible(String)
}

extension SettlementEngine {
    /// Reverses a paid payment in full with a cancel. Journaled first (succeeded → cancelling,
    /// fsynced, with who asked; the journal itself refuses it for a payment with refunds) and then
    /// settled exactly as the engine's own cancels: a refused or unanswered cancel is followed by
    /// an inquiry, and SUCCESS there puts the payment back to paid.
    public func reverse(attemptId: Int64, source: String) async -> ReversalResult {
        let attempt: Attempt
        do {
            attempt = try await journal.attempt(attemptId)
            guard attempt.state == .succeeded else {
                return .notPossible("payment \(attemptId) is \(attempt.state.rawValue); only a paid payment can be reversed")
            }
            guard try await journal.refundedMinor(attemptId: attemptId) == 0 else {
                return .notPossible("payment \(attemptId) has refunds; refund the rest instead")
            }
        } catch {
            return .notPossible("\(error)")
        }
        let now = clock.now()
        guard let reversing = await record(attempt, Transition(to: .cancelling, reason: "reversal asked by \(source)", at: now,
                                                               nextActionAt: now, reversalSource: source)) else {
            return .notPossible("the journal refused the reversal")
        }
        logger.notice("reversing a paid payment", metadata: ["attempt": "\(attemptId)", "order": "\(attempt.orderReference)", "source": "\(source)"])
        await cancel(reversing)
        return await reversalResult(attemptId)
    }

    /// Where a reversal stands now, as the journal has it.
    public func reversalResult(_ attemptId: Int64) async -> ReversalResult {
        guard let attempt = try? await journal.attempt(attemptId) else { return .pending("payment \(attemptId) unreadable") }
        let reason = attempt.reason ?? ""
        switch attempt.state {
        case .cancelled: return .reversed
        case .succeeded: return .refused(reason)
        case .needsAttention: return .needsAttention(reason)
        default: return .pending(reason)
        }
    }
}
