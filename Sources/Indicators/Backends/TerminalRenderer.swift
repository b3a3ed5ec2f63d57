import Glibc
import Synchronization

/// The demo's indicator panel: coloured LED glyphs redrawn in place on one terminal line, and the
/// terminal bell when the buzzer starts. Lit LEDs are `●` in their colour, dark ones a dim `○`.
///
///     ● ○ ○ ♪  success
public final class TerminalRenderer: IndicatorBackend {
    public let outputs: Set<OutputName>
    private let leds: [OutputName]
    private let emit: @Sendable (String) -> Void
    private let state: Mutex<(lit: Set<OutputName>, pattern: String)> = Mutex(([], ""))

    /// - Parameters:
    ///   - outputs: the LEDs in the order drawn, plus `buzzer` if the bell should ring.
    ///   - emit: where the escape sequences go; standard output by default.
    public init(outputs: [OutputName] = OutputName.standard, emit: (@Sendable (String) -> Void)? = nil) {
        self.outputs = Set(outputs)
        self.leds = outputs.filter { !$0.isBuzzer }
        self.emit = emit ?? { text in
            var bytes = Array(text.utf8)
            _ = bytes.withUnsafeMutableBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        }
    }

    public func start() -> [OutputFault] {
        state.withLock { $0 = ([], "") }
        emit(render(lit: [], pattern: "", bell: false))
        return []
    }

    public func write(_ write: OutputWrite) throws(OutputFault) {
        let (lit, bell) = state.withLock { state in
            let bell = write.output.isBuzzer && write.on && !state.lit.contains(.buzzer)
            if write.on { state.lit.insert(write.output) } else { state.lit.remove(write.output) }
            state.pattern = write.pattern
            return (state.lit, bell)
        }
        emit(render(lit: lit, pattern: write.pattern, bell: bell))
    }

    public func stop() {
        state.withLock { $0 = ([], "") }
        emit(render(lit: [], pattern: OutputWrite.safeStatePattern, bell: false) + "\n")
    }

    /// One full redraw: return to column 0, clear the line, draw every glyph, reset attributes.
    func render(lit: Set<OutputName>, pattern: String, bell: Bool) -> String {
        var line = "\r\u{1B}[2K"
        for led in leds {
            line += lit.contains(led) ? "\u{1B}[1;\(Self.colourCode(led))m●\u{1B}[0m " : "\u{1B}[2m○\u{1B}[0m "
        }
        if outputs.contains(.buzzer) {
            line += lit.contains(.buzzer) ? "\u{1B}[1m♪\u{1B}[0m " : "  "
        }
        line += " " + pattern
        return bell ? line + "\u{07}" : line
    }

    static func colourCode(_ led: OutputName) -> Int {
        switch led.rawValue {
        case "led.red": 31
        case "led.green": 32
        case "led.amber", "led.yellow": 33
        case "led.blue": 34
        default: 37
        }
    }
}
