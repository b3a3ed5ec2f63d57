import COpenSSL
import Configuration
import Dispatch

/// Console PINs are stored as salted PBKDF2-HMAC-SHA256 (OpenSSL `PKCS5_PBKDF2_HMAC`), never in
/// clear: a copied configuration file gives away no PIN without a search per guess.
public enum PinHasher {
    /// About 50 ms on a Cortex-A53: slow for a guessing program, unnoticed by a technician.
    public static let defaultIterations = 100_000

    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case randomUnavailable
        case hashFailed

        public var description: String {
            switch self {
            case .randomUnavailable: "the system random generator failed; cannot make a PIN salt"
            case .hashFailed: "PBKDF2 failed"
            }
        }
    }

    /// A fresh salted hash of `pin`.
    public static func hash(_ pin: String, iterations: Int = defaultIterations) throws(Failure) -> PinHashFormat {
        var salt = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&salt, Int32(salt.count)) == 1 else { throw .randomUnavailable }
        return PinHashFormat(iterations: iterations, salt: salt, hash: try derive(pin, salt: salt, iterations: iterations))
    }

    /// True when `pin` matches; compared in constant time.
    public static func verify(_ pin: String, against stored: PinHashFormat) -> Bool {
        guard let derived = try? derive(pin, salt: stored.salt, iterations: stored.iterations),
              derived.count == stored.hash.count else { return false }
        return CRYPTO_memcmp(derived, stored.hash, derived.count) == 0
    }

    static func derive(_ pin: String, salt: [UInt8], iterations: Int) throws(Failure) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let password = Array(pin.utf8).map { CChar(bitPattern: $0) }
        let result = PKCS5_PBKDF2_HMAC(password, Int32(password.count), salt, Int32(salt.count), Int32(iterations), EVP_sha256(), Int32(out.count), &out)
        guard result == 1 else { throw .hashFailed }
        return out
    }

    /// What a PIN may be: 4 to 12 digits, so it can be typed on any keypad and told over a phone.
    public static func problem(with pin: String) -> String? {
        guard (4...12).contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "a PIN is 4 to 12 digits"
        }
        return nil
    }
}


extension PinHasher {
    /// `verify` on a dispatch queue: 100 000 rounds take a Cortex-A53 the better part of 100 ms,
    /// which must not stall one of the cooperative threads the scanner and the LEDs run on.
    static func verifyOffPool(_ pin: String, against stored: PinHashFormat) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: verify(pin, against: stored))
            }
        }
    }

    /// `hash` on a dispatch queue, for the same reason.
    static func hashOffPool(_ pin: String, iterations: Int) async throws(Failure) -> PinHashFormat {
        let result: Result<PinHashFormat, Failure> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Result { () throws(Failure) in try hash(pin, iterations: iterations) })
            }
        }
        return try result.get()
    }
}
