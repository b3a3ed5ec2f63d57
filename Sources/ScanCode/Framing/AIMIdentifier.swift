/// An AIM symbology identifier (ISO/IEC 15424): `]` followed by a code character and a modifier,
/// e.g. `]C0` Code 128, `]Q1` QR model 2, `]E0` EAN-13. Scanners prefix it to the data when
/// "AIM ID" transmission is on; it tells us which symbol the customer showed.
///
/// Stored as two bytes so that a frame carries it without allocating.
public struct AIMIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The code character: `C` Code 128, `Q` QR, `E` EAN/UPC, `d` Data Matrix, …
    public let code: UInt8
    /// The modifier: options of that symbology (`0`…`9`, `A`…`Z`).
    public let modifier: UInt8

    /// Reads an identifier from the first three bytes of `bytes`, or nil when they are not one.
    public init?(prefixOf bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "]") else { return nil }
        let code = bytes[1], modifier = bytes[2]
        guard code.isASCIILetter, modifier.isASCIILetter || modifier.isASCIIDigit else { return nil }
        self.code = code
        self.modifier = modifier
    }

    public init(code: Character, modifier: Character) {
        self.code = code.asciiValue ?? 0
        self.modifier = modifier.asciiValue ?? 0
    }

    public var symbology: Symbology {
        switch code {
        case UInt8(ascii: "C"): .code128
        case UInt8(ascii: "Q"): .qr
        case UInt8(ascii: "E"): .eanUPC
        case UInt8(ascii: "d"): .dataMatrix
        case UInt8(ascii: "A"): .code39
        case UInt8(ascii: "I"): .interleaved2of5
        case UInt8(ascii: "L"): .pdf417
        default: .other
        }
    }

    public var description: String {
        String(decoding: [UInt8(ascii: "]"), code, modifier], as: UTF8.self)
    }
}

/// The symbol families the agent cares about; the rest are `other`.
public enum Symbology: String, Sendable {
    case code128 = "Code 128"
    case qr = "QR"
    case eanUPC = "EAN/UPC"
    case dataMatrix = "Data Matrix"
    case code39 = "Code 39"
    case interleaved2of5 = "ITF"
    case pdf417 = "PDF417"
    case other = "other"
}

extension UInt8 {
    var isASCIIDigit: Bool { self &- UInt8(ascii: "0") < 10 }
    var isASCIILetter: Bool { (self | 0x20) &- UInt8(ascii: "a") < 26 }
}
