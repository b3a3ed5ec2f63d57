/// What the agent wants the merchant to see or hear. The settlement engine maps its outcomes onto
/// these; the driver maps each onto a ``Pattern`` from a ``PatternBook``.
///
/// The raw values are the keys used in board files and configuration (`patterns.success = …`).
public enum IndicatorEvent: String, CaseIterable, Sendable, Codable {
    /// Ready, nothing pending: a slow heartbeat so the merchant sees the box is alive.
    case idle
    /// An amount is waiting for the customer's payment code.
    case armed
    /// A code was read and the payment is with the acquirer.
    case processing
    /// The wallet asked the customer to confirm (password / PIN on the phone).
    case waitingForPassword = "waiting-password"
    /// Paid.
    case success
    /// The acquirer or wallet refused the payment.
    case declined
    /// The scanned code is not a wallet payment code.
    case notAPaymentCode = "not-payment-code"
    /// The network is down; the attempt is journaled and will be finished later.
    case offlineQueued = "offline-queued"
    /// The amount or the payment timed out before it completed.
    case expired
    /// A device (scanner, network, storage) needs a technician.
    case deviceFault = "device-fault"
    /// "Which box is this?": a technician asked the box to show itself.
    case identify
}
