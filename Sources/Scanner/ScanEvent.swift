import ScanCode
import SerialIO

/// What the scanner stage tells the rest of the agent. Only `paymentCode` goes on to become a
/// payment; the others feed the indicators, the console and the logs.
public struct ScanEvent: Sendable {
    public let kind: Kind
    /// The symbol the scanner reported, when it sends AIM identifiers.
    public let symbology: AIMIdentifier?
    /// When the frame was complete: the start of scan-to-wire and scan-to-light.
    public let at: ContinuousClock.Instant

    public enum Kind: Sendable {
        /// A new payment code: pay it.
        case paymentCode(PaymentCode)
        /// The same code again within the duplicate window: ignored.
        case duplicate(PaymentCode)
        /// A read that is not a payment code; `preview` is escaped and masked for display.
        case rejected(Rejection, preview: String)
        /// Bytes the decoder threw away (garbage, oversize, scanner replies).
        case dropped(DroppedFrame)
        case scannerConnected(path: String)
        case scannerDisconnected(SerialPortError)
    }

    public init(_ kind: Kind, symbology: AIMIdentifier? = nil, at: ContinuousClock.Instant = .now) {
        self.kind = kind
        self.symbology = symbology
        self.at = at
    }
}
