import Settlement

/// Where the amount for a scanned code comes from, and where results go back: the POS link, a
/// fixed price, the console. The flow asks it for an order per payment code and tells it every
/// payment event.
public protocol OrderDesk: Sendable {
    func orderForScan() async -> OrderDeskAnswer
    func deliver(_ event: PaymentEvent) async
}

public enum OrderDeskAnswer: Sendable, Equatable {
    /// Pay this order (already open in the journal).
    case order(String)
    /// No amount is waiting; the reason is logged and the scan refused.
    case none(String)
}
