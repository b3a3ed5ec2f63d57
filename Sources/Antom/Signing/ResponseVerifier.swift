import PaymentModel
/// Checks a response's `signature` header with the acquirer's public key over
/// `POST <request path>\n<client-id>.<response-time>.<raw body>`.
public struct ResponseVerifier: Sendable {
    public let acquirerKey: RSAPublicKey
    public let clientID: String

    public init(acquirerKey: RSAPublicKey, clientID: String) {
        self.acquirerKey = acquirerKey
        self.clientID = clientID
    }

    /// - Parameter headers: response headers with lower-case names.
    /// - Returns: nil when the response is authentic, otherwise what is wrong with it.
    public func issue(path: String, headers: [String: String], body: [UInt8]) -> SecurityIssue? {
        guard let value = headers["signature"], let time = headers["response-time"] else { return .missingSignature }
        guard let header = SignatureHeader(parsing: value) else { return .malformedSignatureHeader }
        let responder = headers["client-id"] ?? clientID
        guard responder == clientID else { return .clientIDMismatch }
        let content = SignContent.bytes(path: path, clientID: responder, time: time, body: body)
        return acquirerKey.isValidSignature(header.signature, for: content) ? nil : .invalidSignature
    }
}
