import PaymentModel
/// Why a key could not be loaded or used. Each case says what to fix; the OpenSSL error queue
/// text is attached where OpenSSL had something to say.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    case keyFileUnreadable(path: String, errno: Int32)
    /// The private key file can be read by group or others; the agent refuses to start.
    case keyFileTooOpen(path: String, mode: UInt32)
    case notAPrivateKey(path: String, detail: String)
    case invalidPublicKey(detail: String)
    case notRSA
    case keyTooSmall(bits: Int)
    case signFailed(detail: String)
    case keyGenerationFailed(detail: String)
    case keyFileExists(path: String)
    case keyFileWriteFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .keyFileUnreadable(let path, let errno):
            return "cannot read key file \(path) (errno \(errno))"
        case .keyFileTooOpen(let path, let mode):
            let octal = String(mode & 0o777, radix: 8)
            return "private key \(path) has mode \(octal): an account other than the agent's can read it; run `chmod 600 \(path)` (or `chgrp` it to the agent's own group with mode 640)"
        case .notAPrivateKey(let path, let detail):
            return "\(path) holds no PEM private key (PKCS#8 or PKCS#1 expected): \(detail)"
        case .invalidPublicKey(let detail):
            return "not a PEM or base64-DER SubjectPublicKeyInfo public key: \(detail)"
        case .notRSA:
            return "the key is not an RSA key (Antom signs with RSA256)"
        case .keyTooSmall(let bits):
            return "the RSA key has \(bits) bits; Antom requires 2048"
        case .signFailed(let detail):
            return "RSA-SHA256 signing failed: \(detail)"
        case .keyGenerationFailed(let detail):
            return "RSA key generation failed: \(detail)"
        case .keyFileExists(let path):
            return "\(path) already exists; refusing to overwrite a key"
        case .keyFileWriteFailed(let path, let errno):
            return "cannot write key file \(path) (errno \(errno))"
        }
    }
}
