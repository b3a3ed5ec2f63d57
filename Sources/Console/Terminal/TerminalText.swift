import POSIX

/// Text bound for the technician's terminal. Anything the agent did not write itself (scanned
/// data, configuration values, log lines, acquirer messages) goes through `escaped`, so a
/// scanned ESC sequence cannot clear the screen, move the cursor or reprogram the terminal.
public enum TerminalText {
    /// C0 controls, DEL and C1 controls shown as `\xNN` (`\r`, `\n`, `\t` by name); everything
    /// else passes.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0D: out += "\\r"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F...0x9F: out += "\\x" + hex(UInt8(truncatingIfNeeded: scalar.value))
            case 0x5C: out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Cuts to `width` columns with an ellipsis (the console assumes 80 columns).
    static func fit(_ text: String, width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    /// Breaks at the last space that fits (or hard, for a long word); later lines get two spaces.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        var prefix = ""
        while prefix.count + rest.count > width {
            let room = width - prefix.count
            let window = rest.prefix(room)
            let cut = window.lastIndex(of: " ").flatMap { $0 > rest.startIndex ? $0 : nil } ?? window.endIndex
            lines.append(prefix + rest[..<cut])
            rest = rest[cut...].drop { $0 == " " }
            prefix = "  "
        }
        lines.append(prefix + rest)
        return lines
    }

    /// Lines for the wire: LF becomes CRLF, because the port is raw (no output processing).
    public static func wire(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if byte == 0x0A { bytes.append(0x0D) }
            bytes.append(byte)
        }
        return bytes
    }

    static func hex(_ byte: UInt8) -> String {
        Hex.string(byte)
    }
}
