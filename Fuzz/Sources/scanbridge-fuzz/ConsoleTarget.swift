import Console

/// Keystrokes → keys → line editor → echo, and each submitted line → command match and the
/// escaping that scanned or remote text gets on its way to the terminal. The echo may carry only
/// the editor's own control sequences, never a control byte typed or pasted by someone; a PIN
/// prompt echoes nothing but stars; the line stays printable ASCII within its limits.
///
/// Input: [options] keystrokes…
enum ConsoleTarget {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let options = input.byte()
        let masked = options & 1 != 0
        let prompt = masked ? "PIN: " : "scanbridge# "
        var decoder = KeyDecoder()
        var editor = LineEditor()
        editor.prompt = prompt
        editor.masked = masked
        for byte in input.rest() {
            guard let key = decoder.feed(byte) else { continue }
            // Only Enter and Tab hand the line out; copying it for every key would be most of the run.
            let before = key == .enter || key == .tab ? editor.text : ""
            var echo: [UInt8] = []
            let outcome = editor.apply(key, echo: &echo)
            checkEcho(echo, prompt: prompt, masked: masked)
            check(editor.buffer.count <= LineEditor.maxLength, "line longer than the limit")
            check(editor.buffer.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "line holds a non-printable byte")
            check(editor.cursor >= 0 && editor.cursor <= editor.buffer.count, "cursor \(editor.cursor) outside 0…\(editor.buffer.count)")
            switch outcome {
            case .submitted(let line):
                check(line == before, "submitted \(line.debugDescription), the line was \(before.debugDescription)")
                check(editor.buffer.isEmpty, "line not cleared after Enter")
                if !masked { checkCommand(line) }
            case .completionRequested:
                check(!masked, "completion offered at a PIN prompt")
                checkEcho(editor.replace(with: before + " \u{1B}[2J\t\u{7F}é"), prompt: prompt, masked: masked)
            case .none, .interrupted, .endOfInput:
                break
            }
        }
        checkEscaping(String(decoding: data, as: UTF8.self))
    }

    /// The echo is printable text, CR, LF, BEL and the editor's own `ESC [ digits letter`
    /// sequences; with the prompt and those taken out, a hidden entry shows only stars.
    static func checkEcho(_ echo: [UInt8], prompt: String, masked: Bool) {
        var shown: [UInt8] = []
        var index = 0
        var width = 0
        while index < echo.count {
            let byte = echo[index]
            index += 1
            switch byte {
            case 0x1B:
                check(index < echo.count && echo[index] == UInt8(ascii: "["), "ESC not followed by [ in the echo")
                index += 1
                while index < echo.count, echo[index] >= 0x30 && echo[index] <= 0x39 { index += 1 }
                let final = index < echo.count ? echo[index] : 0
                check(final == UInt8(ascii: "K") || final == UInt8(ascii: "C") || final == UInt8(ascii: "H") || final == UInt8(ascii: "J"),
                      "unexpected escape sequence in the echo: \(echo)")
                index += 1
            case 0x0D, 0x0A:
                check(width <= LineEditor.columns, "echoed line \(width) columns wide")
                width = 0
                if masked { shown.append(byte) }
            case 0x07:
                break
            default:
                check(byte >= 0x20 && byte < 0x7F, "raw byte 0x\(String(byte, radix: 16)) in the echo")
                width += 1
                if masked { shown.append(byte) }
            }
        }
        guard masked else { return }
        let prompt = Array(prompt.utf8), interrupt = Array("^C".utf8)
        var rest = shown[...]
        while let first = rest.first {
            if rest.starts(with: prompt) {
                rest = rest.dropFirst(prompt.count)
            } else if rest.starts(with: interrupt) {
                rest = rest.dropFirst(interrupt.count)
            } else {
                check(first == UInt8(ascii: "*") || first == 0x0D || first == 0x0A, "a hidden entry echoed \(String(decoding: shown, as: UTF8.self).debugDescription)")
                rest = rest.dropFirst()
            }
        }
    }

    private static let commandNames = CommandCatalog.all.map { ($0, $0.name.split(separator: " ").map(String.init)) }

    /// The longest command name made of the line's first words wins, and the rest are its arguments.
    static func checkCommand(_ line: String) {
        let words = line.split(separator: " ").map(String.init)
        let candidates = commandNames.filter { _, name in
            words.count >= name.count && words.starts(with: name)
        }.map(\.0)
        guard let (spec, arguments) = CommandCatalog.match(words) else {
            check(candidates.isEmpty, "no match for \(words), but \(candidates.map(\.name)) fit")
            return
        }
        let longest = candidates.map(\.name.count).max() ?? -1
        check(spec.name.count == longest, "matched \(spec.name), a longer command fits")
        let nameWords = spec.name.split(separator: " ").count
        check(arguments == Array(words.dropFirst(nameWords)), "arguments \(arguments) for \(words)")
    }

    /// Text from elsewhere (scans, acquirer messages, values) reaches the wire without a control
    /// character except the line breaks we add, wrapped at 80 columns, and unescapes back.
    static func checkEscaping(_ text: String) {
        let escaped = TerminalText.escaped(text)
        check(escaped.unicodeScalars.allSatisfy { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }, "control left in escaped text")
        check(unescape(escaped) == text, "escaping is not reversible for \(text.debugDescription)")
        for line in TerminalText.wrap(escaped, width: LineEditor.columns) {
            check(line.count <= LineEditor.columns, "wrapped line of \(line.count) columns")
            let wire = TerminalText.wire(line + "\n")
            check(wire.allSatisfy { $0 >= 0x20 || $0 == 0x0D || $0 == 0x0A }, "control byte on the wire")
        }
    }

    static func unescape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "\\", let next = scalars.popFirst() else { out.append(scalar); continue }
            switch next {
            case "r": out.append("\r")
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "\\": out.append("\\")
            case "x":
                let hex = String(String.UnicodeScalarView(scalars.prefix(2)))
                scalars = scalars.dropFirst(2)
                out.append(Unicode.Scalar(UInt8(hex, radix: 16) ?? 0x3F))
            default: out.append(scalar); out.append(next)
            }
        }
        return String(out)
    }
}
