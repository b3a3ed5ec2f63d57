import Money
import PaymentModel
import Scanner

/// Everything the agent has to tell its outputs, on one typed stream (`EventBus`). Each event
/// carries what a listener needs to act on it alone (the order, the amount and currency, the
/// wallet, the outcome), so an output never has to query the journal or the engine to speak,
/// print or publish it.
public enum AgentEvent: Sendable {
    /// What the scanner read (a payment code, a duplicate, a rejected read, plug and unplug).
    case scan(ScanEvent)
    /// A payment code the box did not take: nothing was sent for it.
    case codeRefused(CodeRefusal)
    /// A step of a payment, from the settlement engine: only `.succeeded` means paid.
    case payment(PaymentEvent)
    /// An amount is waiting for a customer's code, or no longer is.
    case desk(DeskEvent)
    /// An output (a light, the buzzer, a speaker) went down or came back.
    case output(OutputEvent)
    /// A link to another party (acquirer, POS, broker) went up or down.
    case link(LinkEvent)
}

/// Why a scanned payment code was not taken.
public struct CodeRefusal: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// No amount was waiting for a code (or the order was busy or already paid).
        case noAmount(String)
        /// The journal cannot record it (disk full, read-only, I/O error): a technician is needed.
        case journalFault(String)
    }

    /// First 6 and last 4 digits.
    public let masked: String
    public let reason: Reason

    public init(masked: String, reason: Reason) {
        self.masked = masked
        self.reason = reason
    }
}

/// The desk's state: what amount, if any, the next code will pay.
public enum DeskEvent: Sendable, Equatable {
    case armed(order: String?, amount: Money)
    case idle
}

/// An output's health, as `status` and the metrics show it.
public struct OutputEvent: Sendable, Equatable {
    /// `green`, `buzzer`, `voice` …
    public let output: String
    /// nil when it works again; otherwise why it does not.
    public let fault: String?

    public init(output: String, fault: String?) {
        self.output = output
        self.fault = fault
    }
}

/// A link's state.
public struct LinkEvent: Sendable, Equatable {
    /// `acquirer`, `pos`, `fleet` …
    public let link: String
    /// nil when up; otherwise why it is down.
    public let fault: String?

    public init(link: String, fault: String?) {
        self.link = link
        self.fault = fault
    }
}
