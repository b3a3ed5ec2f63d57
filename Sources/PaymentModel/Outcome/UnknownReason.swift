/// Why a call's outcome is not known. Every case means the same to the settlement engine:
/// inquire, then cancel; never show paid, never show failed.
public enum UnknownReason: Equatable, Sendable {
    /// The acquirer answered U (e.g. PAYMENT_IN_PROCESS: the customer confirms on the phone).
    case inProcess(resultCode: String)
    case transport(TransportError)
    /// Non-200 HTTP status: a gateway may or may not have passed the request on.
    case httpStatus(Int)
    /// The response could not be trusted; `claimedResultCode` is what it said, for the log only.
    case unverifiedResponse(SecurityIssue, claimedResultCode: String?)
    /// The inquiry itself failed (F other than ORDER_NOT_EXIST); the payment state is unknown.
    case queryFailed(resultCode: String)
    /// Signed, but not a response we can read, or one that contradicts the request.
    case malformedResponse(String)
}

/// A response that failed signature checks.
public enum SecurityIssue: String, Equatable, Sendable {
    case missingSignature
    case malformedSignatureHeader
    case invalidSignature
    case clientIDMismatch
}

/// A problem on our side that the operator must fix.
public enum ConfigurationProblem: Error, Equatable, Sendable {
    /// The acquirer rejected the call with a configuration code (INVALID_SIGNATURE, …).
    case acquirer(resultCode: String, message: String?)
    /// The box could not build or sign the request; nothing was sent.
    case local(String)
}
