import PaymentModel

/// The closed set every (resultStatus, resultCode) pair maps to.
public enum ResultCategory: Equatable, Sendable {
    case success
    case declined(DeclineReason)
    /// In process or unknown at the acquirer: inquire.
    case unknown
    /// Our side is misconfigured (keys, client id, contract): alert the operator; retrying the
    /// same request will not help.
    case configurationError
}

/// The result-code table from docs/ACQUIRER.md. Unknown F codes are declines (the acquirer said
/// no), unknown U codes are unknown, and only S is success.
public enum ResultCodeMapping {
    public static func category(status: String, code: String) -> ResultCategory {
        switch status {
        case "S": return .success
        case "U": return .unknown
        case "F":
            if configurationCodes.contains(code) { return .configurationError }
            if unknownFailCodes.contains(code) { return .unknown }
            return .declined(declineReasons[code] ?? .other)
        default: return .unknown  // a status we do not know can never be read as paid or failed
        }
    }

    static let declineReasons: [String: DeclineReason] = [
        "USER_BALANCE_NOT_ENOUGH": .insufficientFunds,
        "USER_PAYMENT_VERIFICATION_FAILED": .verificationFailed,
        "USER_AMOUNT_EXCEED_LIMIT": .limit,
        "PAYMENT_AMOUNT_EXCEED_LIMIT": .limit,
        "PAYMENT_COUNT_EXCEED_LIMIT": .limit,
        "RISK_REJECT": .risk,
        "INVALID_PAYMENT_CODE": .invalidOrExpiredCode,
        "INVALID_CODE": .invalidOrExpiredCode,
        "EXPIRED_CODE": .invalidOrExpiredCode,
        "ORDER_IS_CLOSED": .orderClosed,
        "ORDER_IS_CANCELED": .orderClosed,
        "ORDER_IS_CANCELLED": .orderClosed,
    ]

    /// F answers that say nothing about whether money moved. REPEAT_REQ_INCONSISTENT means the
    /// request id already exists at the acquirer with other parameters: that earlier request may
    /// well have been paid (or refunded), so it is settled by inquiry, never read as a decline.
    static let unknownFailCodes: Set<String> = ["REPEAT_REQ_INCONSISTENT"]

    /// Gateway, key and contract errors. PARAM_ILLEGAL is here too: a request the acquirer
    /// cannot parse is a bug or a bad setting on the box, not the customer's problem.
    static let configurationCodes: Set<String> = [
        "ACCESS_DENIED", "INVALID_SIGNATURE", "KEY_NOT_FOUND", "INVALID_CLIENT", "NO_INTERFACE_DEF",
        "MEDIA_TYPE_NOT_ACCEPTABLE", "METHOD_NOT_SUPPORTED", "CURRENCY_NOT_SUPPORT", "INVALID_CONTRACT",
        "MERCHANT_NOT_REGISTERED", "INVALID_MERCHANT_STATUS", "MERCHANT_KYB_NOT_QUALIFIED",
        "SETTLE_CONTRACT_NOT_MATCH", "NO_PAY_OPTIONS", "PARAM_ILLEGAL", "INVALID_API",
    ]
}
