/// One line of input with VT100 editing, in the single-line style of linenoise: the line scrolls
/// sideways when it is wider than the 80 columns a serial console is assumed to have, and every
/// change redraws the line with `CR`, the visible part, `ESC [ K` and a cursor move. The buffer
/// only ever holds printable ASCII, so echoing it cannot emit a control sequence.
public struct LineEditor: Sendable {
    public static let columns = 80
    public static let maxLength = 512

    public private(set) var buffer: [UInt8] = []
    public private(set) var cursor = 0
    public var prompt = "> "
    /// Hidden entry (PINs): echoes `*` per character and keeps no history.
    public var masked = false
    private var history: [String] = []
    private var historyIndex: Int?
    private var draft: [UInt8] = []

    public init() {}

    public enum Outcome: Equatable, Sendable {
        case none
        case submitted(String)
        case interrupted
        case completionRequested
        case endOfInput
    }

    public var text: String { String(decoding: buffer, as: UTF8.self) }

    /// Applies one key; `echo` receives the bytes that update the screen.
    public mutating func apply(_ key: Key, echo: inout [UInt8]) -> Outcome {
        switch key {
        case .character(let byte):
            guard buffer.count < Self.maxLength else { echo.append(0x07); return .none }
            buffer.insert(byte, at: cursor)
            cursor += 1
            // Typing at the end of a line that still fits shows one byte, not a redraw: at
            // 9600 baud a full line costs the technician about 80 ms per key.
            if cursor == buffer.count, cursor <= room {
                echo.append(masked ? UInt8(ascii: "*") : byte)
                return .none
            }
        case .backspace:
            guard cursor > 0 else { return .none }
            buffer.remove(at: cursor - 1)
            cursor -= 1
        case .delete:
            guard cursor < buffer.count else { return .none }
            buffer.remove(at: cursor)
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(buffer.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = buffer.count
        case .killLine:
            buffer.removeSubrange(0..<cursor)
            cursor = 0
        case .killWord:
            var start = cursor
            while start > 0, buffer[start - 1] == 0x20 { start -= 1 }
            while start > 0, buffer[start - 1] != 0x20 { start -= 1 }
            buffer.removeSubrange(start..<cursor)
            cursor = start
        case .up, .down:
            guard !masked else { return .none }
            recall(key == .up ? -1 : 1)
        case .enter:
            let line = text
            echo += Array("\r\n".utf8)
            if !masked, !line.allSatisfy({ $0 == " " }), history.last != line {
                history.append(line)
                if history.count > 50 { history.removeFirst() }
            }
            reset()
            return .submitted(line)
        case .interrupt:
            echo += Array("^C\r\n".utf8)
            reset()
            return .interrupted
        case .tab:
            return masked ? .none : .completionRequested
        case .endOfInput:
            return buffer.isEmpty ? .endOfInput : .none
        case .redraw:
            echo += Array("\u{1B}[H\u{1B}[2J".utf8)
        }
        echo += render()
        return .none
    }

    /// Drops the newest history entry (a line that carried a secret the technician should not
    /// have typed in the open).
    mutating func forgetLastLine() {
        _ = history.popLast()
    }

    /// Replaces the line (tab completion) and returns the redraw.
    public mutating func replace(with text: String) -> [UInt8] {
        buffer = Array(text.utf8.filter { (0x20..<0x7F).contains($0) }.prefix(Self.maxLength))
        cursor = buffer.count
        return render()
    }

    mutating func reset() {
        buffer.removeAll()
        cursor = 0
        historyIndex = nil
        draft = []
    }

    /// The prompt and the visible window of the line, cursor in place.
    public func render() -> [UInt8] {
        let start = max(0, cursor - room)
        let end = min(buffer.count, start + room)
        var out: [UInt8] = [0x0D]
        out.reserveCapacity(Self.columns + 16)
        out += prompt.utf8
        if masked {
            out += repeatElement(UInt8(ascii: "*"), count: end - start)
        } else {
            out += buffer[start..<end]
        }
        out += [0x1B, UInt8(ascii: "["), UInt8(ascii: "K"), 0x0D]
        let column = prompt.utf8.count + cursor - start
        if column > 0 { out += "\u{1B}[\(column)C".utf8 }
        return out
    }

    /// Columns left for the line after the prompt, keeping the last one free so that the
    /// terminal never wraps.
    private var room: Int { max(0, Self.columns - prompt.utf8.count - 1) }

    private mutating func recall(_ step: Int) {
        guard !history.isEmpty else { return }
        if historyIndex == nil {
            guard step < 0 else { return }
            draft = buffer
            historyIndex = history.count
        }
        guard let index = historyIndex else { return }
        let next = index + step
        if next >= history.count {
            historyIndex = nil
            buffer = draft
        } else {
            historyIndex = max(0, next)
            buffer = Array(history[max(0, next)].utf8)
        }
        cursor = buffer.count
    }
}
