/// How the simulator answers a pay. Chosen by the last two digits of the payment code (the
/// table below, also in docs/ACQUIRER.md) or, for the next N pays, by a control call.
public enum Scenario: String, CaseIterable, Codable, Sendable {
    case success
    /// U/PAYMENT_IN_PROCESS, then SUCCESS on the Nth inquiry (the customer typed the password).
    case passwordThenSuccess
    /// U/PAYMENT_IN_PROCESS, then FAIL/USER_PAYMENT_VERIFICATION_FAILED on the Nth inquiry.
    case passwordThenFail
    /// U/PAYMENT_IN_PROCESS, and PROCESSING on every inquiry until cancelled.
    case pendingForever
    /// U/PAYMENT_IN_PROCESS, then a signed SUCCESS on the Nth inquiry that names another amount
    /// (one minor unit more): an acquirer-side fault the box must not take as paid.
    case passwordThenOtherAmount
    case insufficientFunds
    case verificationFailed
    case limit
    case risk
    case invalidCode
    case expiredCode
    case orderClosed
    /// Signed F/ACCESS_DENIED: a configuration error; nothing is recorded.
    case accessDenied
    /// Pays, then closes the connection without a byte of response.
    case droppedAfterProcessing
    /// HTTP 500 without processing anything.
    case httpError500
    /// Pays, then answers after `slowResponseDelay` (longer than the client's timeout in tests).
    case slowResponse
    /// Pays, answers SUCCESS without a signature header.
    case unsignedResponse
    /// Pays, answers SUCCESS with a signature that does not verify.
    case forgedSignature
    /// Pays, answers a signed F/REPEAT_REQ_INCONSISTENT: what Antom says when the request id
    /// already exists, so the money may have moved; the box must inquire, not call it declined.
    case repeatRequestInconsistent
    /// Pays, answers a signed S/SUCCESS that names neither the paymentRequestId nor the amount.
    case successWithoutIdentifiers
    /// U/PAYMENT_IN_PROCESS and PROCESSING on every inquiry, until a cancel arrives: the customer
    /// confirmed just then, so the payment completes and the cancel is refused with a signed
    /// F/ORDER_STATUS_INVALID; inquiries say SUCCESS from then on.
    case cancelRefusedAfterSuccess

    /// The suffix table. Codes ending in anything else succeed.
    public static let bySuffix: [String: Scenario] = [
        "01": .passwordThenSuccess, "02": .passwordThenFail, "03": .pendingForever, "04": .passwordThenOtherAmount,
        "11": .insufficientFunds, "12": .verificationFailed, "13": .limit, "14": .risk,
        "15": .invalidCode, "16": .expiredCode, "17": .orderClosed, "18": .accessDenied,
        "21": .droppedAfterProcessing, "22": .httpError500, "23": .slowResponse,
        "24": .unsignedResponse, "25": .forgedSignature, "26": .repeatRequestInconsistent, "27": .successWithoutIdentifiers,
        "28": .cancelRefusedAfterSuccess,
    ]

    public static func forCode(_ code: String) -> Scenario {
        bySuffix[String(code.suffix(2))] ?? .success
    }

    /// The two-digit suffix that selects this scenario ("00" for success).
    public var suffix: String {
        Self.bySuffix.first { $0.value == self }?.key ?? "00"
    }

    /// The F result code of an immediate decline.
    var declineCode: String? {
        switch self {
        case .insufficientFunds: return "USER_BALANCE_NOT_ENOUGH"
        case .verificationFailed: return "USER_PAYMENT_VERIFICATION_FAILED"
        case .limit: return "USER_AMOUNT_EXCEED_LIMIT"
        case .risk: return "RISK_REJECT"
        case .invalidCode: return "INVALID_PAYMENT_CODE"
        case .expiredCode: return "EXPIRED_CODE"
        case .orderClosed: return "ORDER_IS_CLOSED"
        default: return nil
        }
    }

    /// What happens to the HTTP answer after the ledger has done its work.
    var delivery: Delivery {
        switch self {
        case .droppedAfterProcessing: return .drop
        case .httpError500: return .http500
        case .slowResponse: return .slow
        case .unsignedResponse: return .unsigned
        case .forgedSignature: return .forged
        case .repeatRequestInconsistent: return .repeatInconsistent
        case .successWithoutIdentifiers: return .withoutIdentifiers
        default: return .normal
        }
    }

    enum Delivery {
        case normal, drop, http500, slow, unsigned, forged, repeatInconsistent, withoutIdentifiers
    }
}
