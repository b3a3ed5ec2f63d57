import PaymentModel
import COpenSSL
import FoundationEssentials

/// An RSA public key (X.509 SubjectPublicKeyInfo): Antom's key for checking responses, or the
/// box's key for the simulator to check requests.
public final class RSAPublicKey: @unchecked Sendable {
    let pkey: OpaquePointer

    /// DER SubjectPublicKeyInfo bytes.
    public init(der: [UInt8]) throws(SigningError) {
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key = parsed else { throw .invalidPublicKey(detail: OpenSSL.drainErrors()) }
        do {
            try OpenSSL.checkRSA(key)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.pkey = key
    }

    /// Either a PEM `BEGIN PUBLIC KEY` block or the bare base64 DER that Antom Dashboard shows.
    public convenience init(text: String) throws(SigningError) {
        let body = text.split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("-----") }
            .joined()
            .filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: body) else { throw .invalidPublicKey(detail: "not base64") }
        try self.init(der: Array(der))
    }

    deinit { EVP_PKEY_free(pkey) }

    /// True only when `signature` is a valid SHA256withRSA PKCS#1 v1.5 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(ctx)
            _ = OpenSSL.drainErrors()
        }
        guard EVP_DigestVerifyInit(ctx, nil, EVP_sha256(), nil, pkey) == 1 else { return false }
        return EVP_DigestVerify(ctx, signature, signature.count, message, message.count) == 1
    }

    /// DER SubjectPublicKeyInfo.
    public var der: [UInt8] { OpenSSL.derOfPublicKey(pkey) ?? [] }

    /// Base64 of the DER, the form Antom Dashboard asks for.
    public var base64DER: String { Data(der).base64EncodedString() }

    /// `-----BEGIN PUBLIC KEY-----` PEM with 64-column lines.
    public var pem: String {
        let base64 = Array(base64DER)
        var lines = ["-----BEGIN PUBLIC KEY-----"]
        var start = 0
        while start < base64.count {
            lines.append(String(base64[start..<min(start + 64, base64.count)]))
            start += 64
        }
        lines.append("-----END PUBLIC KEY-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
