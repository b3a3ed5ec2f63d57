import Journal

/// Money moved back at a merchant's request, the one way the console and the POS link may do
/// it: through the engine, journaled before anything is sent, resumed after a restart. Neither
/// of them talks to the acquirer.
public protocol MoneyMovements: Sendable {
    /// Refunds part or all (nil) of a paid payment. See ``SettlementEngine/refund(attemptId:amountMinor:refundRequestId:source:reason:)``.
    func refund(attemptId: Int64, amountMinor: Int64?, refundRequestId: String?, source: String, reason: String) async -> RefundResult
    /// Reverses (cancels) a paid payment in full. See ``SettlementEngine/reverse(attemptId:source:)``.
    func reverse(attemptId: Int64, source: String) async -> ReversalResult
}

extension SettlementEngine: MoneyMovements {}
