/// Where the session's bytes go: the serial port in the agent, a buffer in tests.
public protocol ConsoleOutput: Sendable {
    func write(_ bytes: [UInt8])
}

extension ConsoleOutput {
    /// Writes agent-made text; LF becomes CRLF for the raw port.
    func line(_ text: String = "") {
        write(TerminalText.wire(text + "\n"))
    }

    /// Writes a line whose content came from elsewhere (messages, values, scanned data), escaped
    /// and wrapped at 80 columns, continuation lines indented.
    func data(_ text: String, indent: String = "") {
        for part in TerminalText.wrap(indent + TerminalText.escaped(text), width: LineEditor.columns) { line(part) }
    }
}
