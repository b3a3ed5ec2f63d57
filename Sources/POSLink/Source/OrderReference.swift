/// Order references: made up by the box for sources without a POS order number, checked when
/// a POS or a merchant supplies one. Kept to a conservative set so a reference never needs
/// escaping on the POS line, in logs or in the acquirer's `referenceOrderId` (64 characters).
enum OrderReference {
    static let maxLength = 64

    /// `<prefix>-<epoch ms>-<4 random hex digits>`: unique across restarts without a counter.
    static func make(prefix: String, now: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = String(UInt16.random(in: .min ... .max, using: &generator), radix: 16)
        return "\(prefix)-\(now)-\(String(repeating: "0", count: 4 - random.count))\(random)"
    }

    static func isValid(_ reference: String) -> Bool {
        (1...maxLength).contains(reference.utf8.count) && reference.utf8.allSatisfy(isAllowed)
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "/"), UInt8(ascii: "#"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }
}
