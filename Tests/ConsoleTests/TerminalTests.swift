@testable import Console
import Testing

@Suite("Terminal pieces")
struct TerminalTests {
    @Test("escape sequences from common terminals decode to the same keys", arguments: [
        ("\u{1B}[A", Key.up), ("\u{1B}OA", .up), ("\u{1B}[D", .left), ("\u{1B}[C", .right),
        ("\u{1B}[H", .home), ("\u{1B}[1~", .home), ("\u{1B}[7~", .home), ("\u{1B}OH", .home),
        ("\u{1B}[F", .end), ("\u{1B}[4~", .end), ("\u{1B}[8~", .end), ("\u{1B}[3~", .delete),
        ("\u{08}", .backspace), ("\u{7F}", .backspace), ("\r", .enter), ("\n", .enter), ("\u{03}", .interrupt),
    ])
    func keys(sequence: String, key: Key) {
        var decoder = KeyDecoder()
        #expect(Array(sequence.utf8).compactMap { decoder.feed($0) } == [key])
    }

    @Test("CRLF is one Enter; control bytes and non-ASCII never reach the line")
    func enterAndControls() {
        var decoder = KeyDecoder()
        #expect(Array("a\r\nb\n\n".utf8).compactMap { decoder.feed($0) } == [.character(0x61), .enter, .character(0x62), .enter, .enter])
        #expect([0x00, 0x1A, 0xC3, 0xA9, 0x9B].compactMap { decoder.feed($0) }.isEmpty)
    }

    @Test("a line wider than 80 columns scrolls; the screen line never passes column 80")
    func horizontalScroll() {
        var editor = LineEditor()
        editor.prompt = "scanbridge# "
        var echo: [UInt8] = []
        for byte in Array(String(repeating: "abcdefghij", count: 12).utf8) { _ = editor.apply(.character(byte), echo: &echo) }
        let visible = editor.render().split(separator: 0x1B).first.map { Array($0).filter { $0 >= 0x20 } } ?? []
        #expect(visible.count < LineEditor.columns)
        #expect(String(decoding: visible, as: UTF8.self).hasSuffix("hij"))
        _ = editor.apply(.home, echo: &echo)
        let atHome = editor.render().split(separator: 0x1B).first.map { Array($0).filter { $0 >= 0x20 } } ?? []
        #expect(String(decoding: atHome, as: UTF8.self).hasPrefix("scanbridge# abcdefghij"))
    }

    @Test("typing at the end of a line that fits echoes one byte; the screen always matches a full redraw", arguments: [false, true])
    func minimalEcho(masked: Bool) {
        var editor = LineEditor()
        editor.prompt = masked ? "PIN: " : "scanbridge# "
        editor.masked = masked
        var screen = ScreenLine()
        screen.feed(editor.render())
        var typed: [UInt8] = []
        var keys: [Key] = Array("status now".utf8).map { .character($0) } + [.left, .left, .character(0x58), .end]
        keys += Array(String(repeating: "0123456789", count: 9).utf8).map { .character($0) } + [.backspace, .home, .killLine]
        for key in keys {
            var echo: [UInt8] = []
            _ = editor.apply(key, echo: &echo)
            if case .character(let byte) = key, typed.count < 50, editor.cursor == editor.buffer.count {
                #expect(echo == [masked ? UInt8(ascii: "*") : byte])
            }
            if case .character(let byte) = key { typed.append(byte) }
            screen.feed(echo)
            var redrawn = ScreenLine()
            redrawn.feed(editor.render())
            #expect(screen.text == redrawn.text && screen.column == redrawn.column, "after \(key): \(screen.text) vs \(redrawn.text)")
            #expect(screen.column < LineEditor.columns)
        }
    }

    /// One terminal line: enough VT100 to replay the editor's echo.
    struct ScreenLine {
        var cells: [UInt8] = []
        var column = 0
        var text: String { String(decoding: cells, as: UTF8.self) }

        mutating func feed(_ bytes: [UInt8]) {
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x0D { column = 0; continue }
                if byte == 0x1B, index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                    var count = 0
                    index += 1
                    while bytes[index] >= 0x30 && bytes[index] <= 0x39 { count = count * 10 + Int(bytes[index] - 0x30); index += 1 }
                    switch bytes[index] {
                    case UInt8(ascii: "K"): cells.removeSubrange(min(column, cells.count)...)
                    case UInt8(ascii: "C"): column += count
                    default: Issue.record("unexpected sequence \(bytes[index])")
                    }
                    index += 1
                    continue
                }
                while cells.count <= column { cells.append(0x20) }
                cells[column] = byte
                column += 1
            }
        }
    }

    @Test("masked entry echoes stars and keeps no history")
    func masked() {
        var editor = LineEditor()
        editor.masked = true
        var echo: [UInt8] = []
        for byte in Array("4821".utf8) { _ = editor.apply(.character(byte), echo: &echo) }
        #expect(!String(decoding: echo, as: UTF8.self).contains("4821"))
        #expect(String(decoding: echo, as: UTF8.self).contains("****"))
        #expect(editor.apply(.enter, echo: &echo) == .submitted("4821"))
        _ = editor.apply(.up, echo: &echo)
        #expect(editor.text.isEmpty)
    }

    @Test("escaping and wrapping", arguments: [
        ("plain", "plain"), ("a\u{1B}[2Jb", "a\\x1B[2Jb"), ("bell\u{07}", "bell\\x07"), ("c1\u{9B}31m", "c1\\x9B31m"),
        ("tab\tcr\r", "tab\\tcr\\r"), ("back\\slash", "back\\\\slash"), ("Grüße", "Grüße"),
    ])
    func escaping(input: String, expected: String) {
        #expect(TerminalText.escaped(input) == expected)
    }

    @Test("long messages wrap at spaces within 80 columns")
    func wrapping() {
        let text = "scanner.baud: \"9601\" is not a supported baud rate; use one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200"
        let lines = TerminalText.wrap(text, width: 80)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines[0] + " " + lines[1].dropFirst(2) == text)
    }
}
