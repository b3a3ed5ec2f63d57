/// A wallet payment code the agent will send to the acquirer: 16 to 32 decimal digits, packed
/// four bits a digit into two words so that it is copied, compared and hashed without touching
/// the heap. Its text exists only when asked for (`digits`), and logs get `masked`.
public struct PaymentCode: Hashable, Sendable, CustomStringConvertible {
    public static let maxDigits = 32

    public let kind: Kind
    private let packed: PackedDigits

    /// Number of digits.
    public var length: Int { packed.count }

    public enum Kind: String, Sendable {
        /// 24 digits: 6-digit code issuer id, business type `02`, 16-digit user number.
        case alipayPlus24 = "Alipay+ 24-digit"
        /// 17, 18 or 19 digits starting `28`, still accepted by Alipay+.
        case alipayPlusLegacy = "Alipay+ legacy"
        /// 16 to 24 digits starting 25–30 that fit neither form above (AlipayCN, AlipayHK).
        case alipayCN = "Alipay"
    }

    init(kind: Kind, packed: PackedDigits) {
        self.kind = kind
        self.packed = packed
    }

    /// Parses and classifies a code typed or stored as text (journal, console, tests).
    public init?(_ text: String) {
        let result = Array(text.utf8).withUnsafeBufferPointer { CodeClassifier().classify($0, aim: nil) }
        guard case .payment(let code) = result else { return nil }
        self = code
    }

    /// The digit at `index` (0-based), as a number 0…9.
    public func digit(at index: Int) -> UInt8 {
        precondition(index >= 0 && index < length, "digit index out of range")
        return packed[index]
    }

    /// The full code, for the request to the acquirer only. Never log it: use `masked`.
    public var digits: String {
        String(unsafeUninitializedCapacity: length) { out in
            for index in 0..<length { out[index] = UInt8(ascii: "0") + digit(at: index) }
            return length
        }
    }

    /// The first 6 and last 4 digits, the rest as `*`: safe for logs, console and receipts.
    public var masked: String {
        String(unsafeUninitializedCapacity: length) { out in
            for index in 0..<length {
                let visible = index < 6 || index >= length - 4
                out[index] = visible ? UInt8(ascii: "0") + digit(at: index) : UInt8(ascii: "*")
            }
            return length
        }
    }

    public var description: String { masked }
}
