import PaymentModel
import Scanner
import Settlement

extension PaymentEvent.Kind {
    var metricLabel: String {
        switch self {
        case .processing: "processing"
        case .waitingForCustomer: "waiting_for_customer"
        case .succeeded: "succeeded"
        case .declined: "declined"
        case .queuedOffline: "queued_offline"
        case .expired: "expired"
        case .cancelled: "cancelled"
        case .duplicateReversed: "duplicate_reversed"
        case .reversed: "reversed"
        case .needsAttention: "needs_attention"
        case .refused: "refused"
        case .journalFault: "journal_fault"
        case .configurationError: "configuration_error"
        }
    }
}

extension ScanEvent.Kind {
    var metricLabel: String {
        switch self {
        case .paymentCode: "payment_code"
        case .duplicate: "duplicate"
        case .rejected: "rejected"
        case .dropped: "dropped"
        case .scannerConnected: "scanner_connected"
        case .scannerDisconnected: "scanner_disconnected"
        }
    }
}
