/// Why the acquirer said no, as a merchant at the till tells the customer. Each acquirer maps its
/// own result codes onto these (Antom: `ResultCodeMapping`).
public enum DeclineReason: String, Equatable, Sendable, CaseIterable {
    case insufficientFunds
    case verificationFailed
    case limit
    case risk
    case invalidOrExpiredCode
    case orderClosed
    case other
}
