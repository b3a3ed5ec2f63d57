/// Hexadecimal digits, written once: percent-encoding (signature headers, ECR lines), JSON's
/// \u escapes, the safe preview of a read, the console's byte display and PIN hashes.
public enum Hex {
    private static let upper = Array("0123456789ABCDEF".utf8)
    private static let lower = Array("0123456789abcdef".utf8)

    /// The two ASCII digits of `byte`, high nibble first.
    @inline(__always)
    public static func digits(_ byte: UInt8, uppercase: Bool = true) -> (UInt8, UInt8) {
        let table = uppercase ? upper : lower
        return (table[Int(byte >> 4)], table[Int(byte & 0x0F)])
    }

    /// Appends the two digits of `byte` to `bytes`.
    @inline(__always)
    public static func append(_ byte: UInt8, to bytes: inout [UInt8], uppercase: Bool = true) {
        let (high, low) = digits(byte, uppercase: uppercase)
        bytes.append(high)
        bytes.append(low)
    }

    /// "3F" for 0x3F.
    public static func string(_ byte: UInt8, uppercase: Bool = true) -> String {
        let (high, low) = digits(byte, uppercase: uppercase)
        return String(decoding: [high, low], as: UTF8.self)
    }

    /// Every byte as two digits, no separators.
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        var out: [UInt8] = []
        for byte in bytes { append(byte, to: &out, uppercase: uppercase) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of one ASCII hex digit (either case); nil for anything else.
    public static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The byte two digits spell; nil unless both are hex digits.
    public static func byte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let high = value(high), let low = value(low) else { return nil }
        return high << 4 | low
    }

    /// Pairs of digits back to bytes; nil for an odd count or a non-digit.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let value = byte(digits[index], digits[index + 1]) else { return nil }
            bytes.append(value)
            index += 2
        }
        return bytes
    }
}
