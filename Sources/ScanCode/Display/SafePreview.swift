import POSIX

/// Text of a scan that is safe to print on a console, a log line or the demo screen: control and
/// non-ASCII bytes escaped (a scanned ESC must not drive the technician's terminal), long digit
/// runs masked like payment codes (a rejected read may still be somebody's wallet code), and cut
/// to a length.
public enum SafePreview {
    public static func of(_ bytes: some Collection<UInt8>, limit: Int = 48) -> String {
        var out = ""
        var digits: [UInt8] = []
        func flushDigits() {
            out += digits.count >= 12 ? maskDigits(digits) : String(decoding: digits, as: UTF8.self)
            digits.removeAll(keepingCapacity: true)
        }
        for byte in bytes {
            if byte.isASCIIDigit {
                digits.append(byte)
                continue
            }
            flushDigits()
            switch byte {
            case 0x20..<0x7F where byte != UInt8(ascii: "\\"): out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x0D: out += "\\r"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            default: out += "\\x" + hexByte(byte)
            }
        }
        flushDigits()
        guard out.count > limit else { return out }
        return String(out.prefix(limit)) + "…"
    }

    /// Hex dump (`5D 43 30 …`) for `test scan` on the console: shows exactly what arrived.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        bytes.map(hexByte).joined(separator: " ")
    }

    private static func maskDigits(_ digits: [UInt8]) -> String {
        let masked = digits.enumerated().map { index, digit in
            index < 6 || index >= digits.count - 4 ? digit : UInt8(ascii: "*")
        }
        return String(decoding: masked, as: UTF8.self)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        Hex.string(byte)
    }
}
