import POSIX
import PaymentModel
import COpenSSL
import FoundationEssentials
import Glibc

/// The box's RSA private key, held as an OpenSSL `EVP_PKEY`.
///
/// Sendable because OpenSSL 3 allows one `EVP_PKEY` to be used by many threads at once for
/// operations that do not change it; every signature gets its own `EVP_MD_CTX`.
public final class RSAPrivateKey: @unchecked Sendable {
    let pkey: OpaquePointer

    /// Parses a PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    /// Encrypted keys are refused rather than prompting on a terminal the box does not have.
    public init(pem: [UInt8], source: String = "<memory>") throws(SigningError) {
        let loaded = OpenSSL.withMemoryBIO(pem) { bio in
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let key = loaded ?? nil else {
            throw .notAPrivateKey(path: source, detail: OpenSSL.drainErrors())
        }
        do {
            try OpenSSL.checkRSA(key)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.pkey = key
    }

    /// Loads a key file, refusing it when another account may read it: a payment key that other
    /// accounts on the box can copy is as good as leaked. Readable by its group is allowed only
    /// when that group is the agent's own and the owner is root or the agent: the documented
    /// `root:scanbridge 0640` (root provisions the key, only the service's own group reads it).
    /// The first boot of the .deb on the emulated board found the agent refusing exactly that.
    public convenience init(contentsOfFile path: String) throws(SigningError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .keyFileUnreadable(path: path, errno: errno) }
        guard Self.onlyTheAgentReads(info) else { throw .keyFileTooOpen(path: path, mode: info.st_mode) }
        let pem: [UInt8]
        do throws(WholeFile.Failure) {
            pem = try WholeFile.read(path, limit: 64 * 1024)
        } catch {
            throw .keyFileUnreadable(path: path, errno: error.errno?.rawValue ?? EFBIG)
        }
        try self.init(pem: pem, source: path)
    }

    static func onlyTheAgentReads(_ info: stat) -> Bool {
        let mode = info.st_mode
        guard mode & 0o007 == 0, mode & 0o030 == 0 else { return false }  // others: nothing; group: no write, no exec
        guard mode & 0o040 != 0 else { return true }
        return info.st_gid == getegid() && (info.st_uid == 0 || info.st_uid == geteuid())
    }

    deinit { EVP_PKEY_free(pkey) }

    /// SHA256withRSA, PKCS#1 v1.5 padding (OpenSSL's default for RSA), over exactly `message`.
    public func sign(_ message: [UInt8]) throws(SigningError) -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw .signFailed(detail: OpenSSL.drainErrors()) }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pkey) == 1 else {
            throw .signFailed(detail: OpenSSL.drainErrors())
        }
        var length = 0
        guard EVP_DigestSign(ctx, nil, &length, message, message.count) == 1 else {
            throw .signFailed(detail: OpenSSL.drainErrors())
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &signature, &length, message, message.count) == 1 else {
            throw .signFailed(detail: OpenSSL.drainErrors())
        }
        return Array(signature.prefix(length))
    }

    /// The matching public key, e.g. for registration with Antom or for the simulator.
    public func publicKey() throws(SigningError) -> RSAPublicKey {
        guard let der = OpenSSL.derOfPublicKey(pkey) else { throw .invalidPublicKey(detail: OpenSSL.drainErrors()) }
        return try RSAPublicKey(der: der)
    }

    /// PKCS#8 PEM of this key, for writing the key file.
    func pkcs8PEM() throws(SigningError) -> [UInt8] {
        guard let pem = OpenSSL.collectBIO({ PEM_write_bio_PrivateKey($0, pkey, nil, nil, 0, nil, nil) }) else {
            throw .keyGenerationFailed(detail: OpenSSL.drainErrors())
        }
        return pem
    }
}

extension OpenSSL {
    /// DER SubjectPublicKeyInfo of a key (public part only).
    static func derOfPublicKey(_ key: OpaquePointer) -> [UInt8]? {
        let length = i2d_PUBKEY(key, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(key, &cursor)
        }
        return written == length ? der : nil
    }
}
