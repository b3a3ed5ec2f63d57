/// Up to 32 decimal digits, four bits each, in two words: what `PaymentCode` stores and what the
/// classifier reads, filled in the same pass that checks the bytes are digits.
struct PackedDigits: Hashable, Sendable {
    static let capacity = 32

    private(set) var low: UInt64 = 0   // digits 0…15, first digit in the lowest nibble
    private(set) var high: UInt64 = 0  // digits 16…31
    private(set) var count = 0

    /// Packs ASCII digits; `.nonDigit` for any other byte, `.tooLong(n)` past 32 digits.
    /// Eight digits at a time: the classifier runs on every scan.
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<PackedDigits, PackingFailure> {
        guard bytes.count <= capacity else {
            return bytes.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) ? .failure(.tooLong(bytes.count)) : .failure(.nonDigit)
        }
        var packed = PackedDigits()
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index &+ 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            guard let nibbles = nibbles(ofEightDigits: word) else { return .failure(.nonDigit) }
            packed.put(nibbles, at: index)
            index &+= 8
        }
        while index < bytes.count {
            let value = bytes[index] &- UInt8(ascii: "0")
            guard value < 10 else { return .failure(.nonDigit) }
            packed.put(UInt64(value), at: index)
            index &+= 1
        }
        packed.count = bytes.count
        return .success(packed)
    }

    /// Eight ASCII digits (first in the lowest byte) as eight nibbles (first in the lowest), or
    /// nil if any byte is not a digit: one below 0x30 borrows into its top bit, one above 0x39
    /// carries into it when 0x46 is added.
    private static func nibbles(ofEightDigits word: UInt64) -> UInt64? {
        let high: UInt64 = 0x8080_8080_8080_8080
        guard (word | (word &- 0x3030_3030_3030_3030) | (word &+ 0x4646_4646_4646_4646)) & high == 0 else { return nil }
        var x = word &- 0x3030_3030_3030_3030
        x = (x | (x >> 4)) & 0x00FF_00FF_00FF_00FF
        x = (x | (x >> 8)) & 0x0000_FFFF_0000_FFFF
        x = (x | (x >> 16)) & 0x0000_0000_FFFF_FFFF
        return x
    }

    /// ORs `nibbles` in at digit position `index`.
    private mutating func put(_ nibbles: UInt64, at index: Int) {
        let shift = UInt64((index & 15) &* 4)
        if index < 16 { low |= nibbles << shift } else { high |= nibbles << shift }
    }

    enum PackingFailure: Error {
        case nonDigit
        case tooLong(Int)
    }

    subscript(index: Int) -> UInt8 {
        let word = index < 16 ? low : high
        return UInt8(truncatingIfNeeded: word >> UInt64((index & 15) &* 4)) & 0x0F
    }

    /// The first two digits as a number, e.g. 28.
    var prefix2: Int { Int(self[0]) * 10 + Int(self[1]) }

    /// GS1 mod-10 check digit, shared by EAN-8, UPC-A and EAN-13.
    var hasValidGTINCheckDigit: Bool {
        var sum = 0
        for index in 0..<(count - 1) {
            let weight = (count - 2 - index).isMultiple(of: 2) ? 3 : 1
            sum += Int(self[index]) * weight
        }
        return (10 - sum % 10) % 10 == Int(self[count - 1])
    }
}
