import Events
import PaymentModel
import Indicators
import Scanner
import Settlement

/// What the merchant sees for each thing that happens: the one place where scan and payment
/// outcomes turn into light and sound.
enum IndicatorMapping {
    static func indicator(for event: AgentEvent) -> IndicatorEvent? {
        switch event {
        case .scan(let scan): indicator(for: scan.kind)
        case .codeRefused(let refusal):
            switch refusal.reason {
            case .journalFault: .deviceFault
            case .noAmount: .declined
            }
        case .payment(let payment): indicator(for: payment.kind)
        // An amount waiting for a code shows as "armed"; back to idle when it is taken or dropped.
        case .desk(.armed): .armed
        case .desk(.idle): .idle
        case .output, .link: nil
        }
    }

    static func indicator(for event: PaymentEvent.Kind) -> IndicatorEvent? {
        switch event {
        case .processing: .processing
        case .waitingForCustomer: .waitingForPassword
        case .succeeded: .success
        case .declined, .cancelled: .declined
        case .queuedOffline: .offlineQueued
        case .expired: .expired
        case .refused: .declined
        case .needsAttention, .configurationError, .duplicateReversed, .journalFault: .deviceFault
        case .reversed: nil  // asked for at the console or the POS, which answer it themselves
        }
    }

    static func indicator(for scan: ScanEvent.Kind) -> IndicatorEvent? {
        switch scan {
        case .rejected: .notAPaymentCode
        case .scannerDisconnected: .deviceFault
        case .paymentCode, .duplicate, .dropped, .scannerConnected: nil
        }
    }
}
