import Antom

/// What the proxy does to one HTTP exchange. Faults are data: a plan (`FaultPlan`) picks one per
/// request, and the proxy's log (`FaultRecord`) says which one it applied.
///
/// A refused connection is not a `Fault`: a connect is refused before there is a request to
/// choose by. Use `FaultProxy.link = .refusing` for it.
public enum Fault: Sendable, CustomStringConvertible {
    /// Forwarded both ways untouched.
    case pass
    /// The request is read but never forwarded; the client's connection is reset (RST).
    case resetBeforeRequest
    /// Forwarded and answered by the acquirer (the money may have moved); the client gets an RST
    /// instead of the answer.
    case resetAfterProcessed
    /// The acquirer's answer is held this long before it is passed on.
    case delay(Duration)
    /// The acquirer's answer is passed on `bytes` at a time with a pause of `every` between.
    case drip(bytes: Int, every: Duration)
    /// Only the first `keep` bytes of the acquirer's answer (head included) reach the client,
    /// then the connection closes (FIN). A negative `keep` drops that many bytes from the end
    /// (the head arrives whole, the body does not). The answer is always cut by at least a byte.
    case truncate(keep: Int)
    /// The client gets an HTTP `code` (500, 429, …) with a plain-text body. `.beforeForwarding`:
    /// the acquirer never saw the request (a gateway refused it); `.afterProcessing`: the
    /// acquirer processed it and its answer was replaced (the dangerous one).
    case status(Int, Stage)
    /// The answer's body is replaced by bytes that are not JSON; status and headers (signature
    /// included) are kept, Content-Length fixed.
    case malformedJSON
    /// As `malformedJSON`, then signed correctly with `key`. Given the acquirer's own key it
    /// reaches the client's decoder: an authentic answer that cannot be read.
    case signedMalformedJSON(RSAPrivateKey)
    /// The answer with `paymentRequestId`, `paymentId` and `paymentAmount` taken out, signed
    /// again with this (the acquirer's) key: genuinely signed, but naming no payment.
    case signedWithoutIdentifiers(RSAPrivateKey)
    /// The `signature` header is removed from the answer.
    case stripSignature
    /// The answer claims success it was not signed for; see `Forgery`.
    case forgeSignature(Forgery)
    /// Forwarded; the client gets, instead of this answer, the last authentic answer the
    /// acquirer gave to an earlier request to the same endpoint: genuinely signed, about another
    /// payment (a replay, or a gateway that crossed its wires). Passes when there is none yet.
    case replayEarlierAnswer

    public enum Stage: Sendable, Equatable {
        case beforeForwarding
        case afterProcessing
    }

    public enum Forgery: Sendable, CustomStringConvertible {
        /// The body is rewritten to claim success (`resultStatus` S, `resultCode` and
        /// `paymentStatus` SUCCESS); the acquirer's original signature is kept.
        case tamperedBody
        /// The body is rewritten as above and signed, correctly, with `key`: not the acquirer's.
        case signedWith(RSAPrivateKey)

        public var description: String {
            switch self {
            case .tamperedBody: "tamperedBody"
            case .signedWith: "signedWithAnotherKey"
            }
        }
    }

    /// Whether the acquirer sees the request.
    public var forwards: Bool {
        switch self {
        case .resetBeforeRequest, .status(_, .beforeForwarding): false
        default: true
        }
    }

    /// Whether an answer that reaches the client is exactly what the acquirer sent (only its
    /// timing may differ). Only such an answer may ever make a payment "succeeded".
    public var deliversAuthenticAnswer: Bool {
        switch self {
        case .pass, .delay, .drip: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .pass: "pass"
        case .resetBeforeRequest: "resetBeforeRequest"
        case .resetAfterProcessed: "resetAfterProcessed"
        case .delay(let duration): "delay(\(duration))"
        case .drip(let bytes, let every): "drip(\(bytes) bytes every \(every))"
        case .truncate(let keep): "truncate(keep: \(keep))"
        case .status(let code, let stage): "status(\(code), \(stage == .beforeForwarding ? "beforeForwarding" : "afterProcessing"))"
        case .malformedJSON: "malformedJSON"
        case .signedMalformedJSON: "signedMalformedJSON"
        case .signedWithoutIdentifiers: "signedWithoutIdentifiers"
        case .stripSignature: "stripSignature"
        case .forgeSignature(let forgery): "forgeSignature(\(forgery))"
        case .replayEarlierAnswer: "replayEarlierAnswer"
        }
    }
}
