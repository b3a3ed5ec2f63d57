/// A `paymentRequestId` or `refundRequestId`: 1...64 characters from a conservative set, so it
/// never needs escaping in JSON, logs or file names.
public struct RequestID: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init?(_ value: String) {
        guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy(Self.allowed) else { return nil }
        self.value = value
    }

    /// A fresh id for one attempt: `<prefix><epoch ms>-<16 random hex digits>`. Never reuse one
    /// for a new scan; resend the same one only for the same attempt.
    public static func make(prefix: String, epochMilliseconds: Int64) -> RequestID? {
        var generator = SystemRandomNumberGenerator()
        let hex = String(generator.next() as UInt64, radix: 16)
        let random = String(repeating: "0", count: 16 - hex.count) + hex
        return RequestID("\(prefix)\(epochMilliseconds)-\(random)")
    }

    public var description: String { value }

    private static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}
