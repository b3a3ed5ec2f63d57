/// Reads the byte stream a POS sends to a CD5220-style customer pole display and reports what
/// matters for the amount: the amount shown, the lamp lit under it, and clears. Everything else
/// (text on line 2, cursor moves, brightness, code pages) is recognised only to be skipped.
///
/// | bytes | meaning |
/// |---|---|
/// | `ESC @` | initialise: clear, lamps off |
/// | `FF` (0x0C) | clear the display |
/// | `ESC Q A d… CR` | show `d…` on the upper (amount) line |
/// | `ESC Q B t… CR`, `ESC Q D t… CR` | lower line, scrolling text: skipped |
/// | `ESC s n` | lamp `n`: 0 off, 1 price, 2 total, 3 collect, 4 change |
/// | `ESC l x y`, `US $ x y` | cursor position: skipped |
/// | `ESC` + other, `US` + other | one-byte commands: skipped |
public struct CustomerDisplayParser: Sendable {
    public enum Event: Equatable, Sendable {
        /// The upper line now shows this text (spaces removed).
        case amountShown(String)
        case lamp(Int)
        case cleared
    }

    /// The longest amount line a pole display shows; longer is line noise, not an amount.
    public static let maxLine = 20

    private enum State {
        case text
        case escape
        case escapeQ
        case line(isAmount: Bool)
        case lamp
        case skip(Int)
        case unitSeparator
    }

    private var state = State.text
    private var line: [UInt8] = []
    private var lineOverflowed = false

    public init() {}

    public mutating func reset() {
        state = .text
        line.removeAll(keepingCapacity: true)
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>, _ emit: (Event) -> Void) {
        for byte in bytes { feed(byte, emit) }
    }

    private mutating func feed(_ byte: UInt8, _ emit: (Event) -> Void) {
        switch state {
        case .text:
            switch byte {
            case 0x1B: state = .escape
            case 0x0C: emit(.cleared)
            case 0x1F: state = .unitSeparator
            default: break  // plain text and cursor controls (BS, HT, LF, CR, HOME)
            }
        case .escape:
            switch byte {
            case UInt8(ascii: "@"):
                state = .text
                emit(.cleared)
            case UInt8(ascii: "Q"): state = .escapeQ
            case UInt8(ascii: "s"): state = .lamp
            case UInt8(ascii: "l"): state = .skip(2)
            case UInt8(ascii: "="), UInt8(ascii: "t"), UInt8(ascii: "R"), UInt8(ascii: "*"): state = .skip(1)
            case 0x1B: state = .escape
            default: state = .text
            }
        case .escapeQ:
            line.removeAll(keepingCapacity: true)
            lineOverflowed = false
            switch byte {
            case UInt8(ascii: "A"): state = .line(isAmount: true)
            case UInt8(ascii: "B"), UInt8(ascii: "D"): state = .line(isAmount: false)
            default: state = .text
            }
        case .line(let isAmount):
            switch byte {
            case 0x0D:
                state = .text
                if isAmount && !lineOverflowed {
                    emit(.amountShown(String(decoding: line.filter { $0 != UInt8(ascii: " ") }, as: UTF8.self)))
                }
            case 0x1B:
                // A command inside a line means the line was cut short: drop it, obey the command.
                state = .escape
            default:
                if line.count < Self.maxLine { line.append(byte) } else { lineOverflowed = true }
            }
        case .lamp:
            state = .text
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "4") {
                emit(.lamp(Int(byte - UInt8(ascii: "0"))))
            }
        case .skip(let count):
            state = count > 1 ? .skip(count - 1) : .text
        case .unitSeparator:
            // ESC/POS-style display commands: `US $ x y` moves the cursor; others take no bytes here.
            state = byte == UInt8(ascii: "$") ? .skip(2) : .text
        }
    }
}
