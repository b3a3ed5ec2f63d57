import PaymentModel
import Journal
import Money

/// Where a POS order stands, as the ECR protocol reports it: a `STATUS` while it is open, one
/// `RESULT` when it is final. Results are stored in the journal in their wire form, so a
/// restarted box sends exactly what it would have sent.
enum ECROrderState: Equatable, Sendable {
    case waitingForCode
    case processing
    case waitingForCustomer
    case queuedOffline
    case final(ECRResult)

    func line(reference: String) -> ECRLine {
        switch self {
        case .waitingForCode: ECRLine("STATUS", [("ref", reference), ("state", "waiting-for-code")])
        case .processing: ECRLine("STATUS", [("ref", reference), ("state", "processing")])
        case .waitingForCustomer: ECRLine("STATUS", [("ref", reference), ("state", "waiting-for-customer")])
        case .queuedOffline: ECRLine("STATUS", [("ref", reference), ("state", "queued-offline")])
        case .final(let result): result.line(reference: reference)
        }
    }
}

/// The final result of a POS order.
struct ECRResult: Equatable, Sendable {
    enum Status: String, Sendable {
        case paid
        case declined
        case expired
        case cancelled
        case needsAttention = "needs-attention"
    }

    var status: Status
    var fields: [(String, String?)]

    static func == (lhs: ECRResult, rhs: ECRResult) -> Bool {
        lhs.line(reference: "") == rhs.line(reference: "")
    }

    /// `RESULT status=paid`, with what the acquirer said of the payer for the receipt: the
    /// wallet, the masked customer, and what the wallet charged in its currency, at which rate.
    static func paid(_ amount: Money?, paymentId: String?, payer: PayerInfo) -> ECRResult {
        ECRResult(status: .paid, fields: [
            ("amount", amount?.minorUnitsString), ("currency", amount?.currency.code),
            ("payment-id", paymentId), ("wallet", payer.wallet), ("customer", payer.customerId),
            ("wallet-amount", payer.actualAmountMinor.map(String.init)), ("wallet-currency", payer.actualCurrency),
            ("quote", payer.quote),
        ])
    }

    static func declined(reason: String, code: String?) -> ECRResult {
        ECRResult(status: .declined, fields: [("reason", reason), ("code", code)])
    }

    static func other(_ status: Status, reason: String) -> ECRResult {
        ECRResult(status: status, fields: [("reason", reason)])
    }

    func line(reference: String) -> ECRLine {
        ECRLine("RESULT", [("ref", reference), ("status", status.rawValue)] + fields)
    }

    /// The stored form: the RESULT line's fields after `ref`.
    var stored: String {
        ECRLine("RESULT", [("status", status.rawValue)] + fields).description
    }

    init(status: Status, fields: [(String, String?)]) {
        self.status = status
        self.fields = fields
    }

    init?(stored: String) {
        guard let line = try? ECRLine.parse(Array(stored.utf8)), let status = line["status"].flatMap(Status.init) else { return nil }
        self.status = status
        self.fields = line.fields.filter { $0.key != "status" }.map { ($0.key, $0.value) }
    }

    /// What the journal's attempts for an order say, when they are final: the last word of the
    /// settlement engine, for a restart or for an order the POS asks about.
    static func derive(from attempts: [Attempt]) -> ECROrderState? {
        if let paid = attempts.first(where: { $0.state == .succeeded }) {
            let money = paid.amount
            return .final(.paid(money, paymentId: paid.paymentId, payer: paid.payer))
        }
        guard let last = attempts.last else { return nil }
        switch last.state {
        case .captured: return .queuedOffline
        case .submitting, .unknown, .inquiring, .cancelling: return .processing
        case .declined, .failed:
            // As the acquirer that declined it read its result code (journaled since migration 6).
            let reason = last.declineReason ?? DeclineReason.other.rawValue
            return .final(.declined(reason: reason, code: last.resultCode))
        case .expired: return .final(.other(.expired, reason: "code-expired"))
        case .cancelled: return .final(.other(.cancelled, reason: last.isReversal ? "reversed" : "outcome-unknown"))
        case .needsAttention: return .final(.other(.needsAttention, reason: "cancel-failed"))
        case .succeeded: return nil
        }
    }
}
