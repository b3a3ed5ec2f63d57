import PaymentModel
import COpenSSL
import FoundationEssentials
import Glibc

/// Makes the box's key pair. The private key never leaves the box: only the public key is
/// printed, for registration in Antom Dashboard.
public enum KeyGenerator {
    /// What to register with Antom.
    public struct PublicPart: Sendable {
        public let pem: String
        /// Base64 DER SubjectPublicKeyInfo: the single line Antom Dashboard takes.
        public let base64DER: String
    }

    /// Generates a fresh RSA-2048 key in memory.
    public static func generate() throws(SigningError) -> RSAPrivateKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else {
            throw .keyGenerationFailed(detail: OpenSSL.drainErrors())
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1,
              EVP_PKEY_generate(ctx, &key) == 1,
              let key
        else { throw .keyGenerationFailed(detail: OpenSSL.drainErrors()) }
        guard let pem = OpenSSL.collectBIO({ PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }) else {
            EVP_PKEY_free(key)
            throw .keyGenerationFailed(detail: OpenSSL.drainErrors())
        }
        EVP_PKEY_free(key)
        return try RSAPrivateKey(pem: pem)
    }

    /// Generates a key and writes it as PKCS#8 PEM to `path`, created with mode 0600 and never
    /// over an existing file.
    @discardableResult
    public static func generate(writingTo path: String) throws(SigningError) -> PublicPart {
        let key = try generate()
        try write(key.pkcs8PEM(), to: path)
        let publicKey = try key.publicKey()
        return PublicPart(pem: publicKey.pem, base64DER: publicKey.base64DER)
    }

    /// O_EXCL so a second `keygen` cannot destroy a registered key; fchmod because the creation
    /// mode is filtered by the umask and we want exactly 0600 whatever the umask says.
    static func write(_ bytes: [UInt8], to path: String) throws(SigningError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw errno == EEXIST ? .keyFileExists(path: path) : .keyFileWriteFailed(path: path, errno: errno)
        }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw .keyFileWriteFailed(path: path, errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .keyFileWriteFailed(path: path, errno: errno) }
            offset += written
        }
        guard fsync(fd) == 0 else { throw .keyFileWriteFailed(path: path, errno: errno) }
    }
}
