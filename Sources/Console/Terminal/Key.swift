/// A key as a serial terminal sends it. PuTTY, minicom, picocom, tio and screen disagree on
/// Backspace (BS or DEL), Enter (CR, LF or CRLF) and Home/End (`ESC [ H`, `ESC [ 1 ~`, `ESC O H`);
/// all of them map to the same key here.
public enum Key: Equatable, Sendable {
    case character(UInt8)
    case enter
    case backspace
    case delete
    case left, right, home, end, up, down
    case tab
    case interrupt      // Ctrl-C
    case killLine       // Ctrl-U
    case killWord       // Ctrl-W
    case endOfInput     // Ctrl-D
    case redraw         // Ctrl-L
}

/// Bytes → keys, across reads (an escape sequence may arrive split over several).
public struct KeyDecoder: Sendable {
    private enum State {
        case ground
        case escape
        case csi([UInt8])
        case ss3
    }

    private var state = State.ground
    /// A CR was just seen: an LF right after it is the same Enter (CRLF terminals).
    private var afterCR = false

    public init() {}

    public mutating func feed(_ byte: UInt8) -> Key? {
        defer { if byte != 0x0D { afterCR = false } }
        switch state {
        case .escape:
            switch byte {
            case UInt8(ascii: "["): state = .csi([])
            case UInt8(ascii: "O"): state = .ss3
            default: state = .ground
            }
            return nil
        case .ss3:
            state = .ground
            return Self.cursorKey(byte)
        case .csi(var parameters):
            if (0x30...0x3F).contains(byte), parameters.count < 8 {
                parameters.append(byte)
                state = .csi(parameters)
                return nil
            }
            state = .ground
            if let key = Self.cursorKey(byte) { return key }
            switch byte {
            case UInt8(ascii: "~"):
                switch String(decoding: parameters, as: UTF8.self) {
                case "1", "7": return .home
                case "4", "8": return .end
                case "3": return .delete
                default: return nil
                }
            default: return nil
            }
        case .ground:
            switch byte {
            case 0x1B: state = .escape; return nil
            case 0x0D: afterCR = true; return .enter
            case 0x0A: return afterCR ? nil : .enter
            case 0x08, 0x7F: return .backspace
            case 0x09: return .tab
            case 0x03: return .interrupt
            case 0x15: return .killLine
            case 0x17: return .killWord
            case 0x04: return .endOfInput
            case 0x0C: return .redraw
            case 0x01: return .home     // Ctrl-A
            case 0x05: return .end      // Ctrl-E
            case 0x02: return .left     // Ctrl-B
            case 0x06: return .right    // Ctrl-F
            case 0x10: return .up       // Ctrl-P
            case 0x0E: return .down     // Ctrl-N
            case 0x20..<0x7F: return .character(byte)
            default: return nil         // other controls and non-ASCII never enter a line
            }
        }
    }

    /// The final byte of an arrow, Home or End key; VT100 sends it after ESC O (SS3) or ESC [ (CSI).
    private static func cursorKey(_ byte: UInt8) -> Key? {
        switch byte {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        default: nil
        }
    }
}
