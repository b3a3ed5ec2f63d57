import PaymentModel
import COpenSSL

/// The small set of OpenSSL plumbing calls, each made in one place.
enum OpenSSL {
    /// Drains the thread's OpenSSL error queue into one line. Draining also keeps a stale error
    /// from being reported against a later, unrelated call on the same thread.
    static func drainErrors() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no OpenSSL detail" : messages.joined(separator: "; ")
    }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func withMemoryBIO<R>(_ bytes: [UInt8], _ body: (OpaquePointer) -> R) -> R? {
        bytes.withUnsafeBytes { raw -> R? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote, or nil when it failed.
    static func collectBIO(_ write: (OpaquePointer) -> Int32) -> [UInt8]? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { return nil }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = cx_bio_get_mem_data(bio, &pointer)
        guard length > 0, let pointer else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Accepts only RSA keys of at least 2048 bits: Antom's RSA256 keys are 2048-bit.
    static func checkRSA(_ key: OpaquePointer) throws(SigningError) {
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else { throw .notRSA }
        let bits = Int(EVP_PKEY_get_bits(key))
        guard bits >= 2048 else { throw .keyTooSmall(bits: bits) }
    }
}
