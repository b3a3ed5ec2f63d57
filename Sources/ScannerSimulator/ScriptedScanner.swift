import SerialIO

/// A stand-in for a scanner module: a pseudo-terminal whose slave side the agent opens like a
/// real port, and a script of reads written into it with the framing a real module uses.
public final class ScriptedScanner: Sendable {
    public let terminal: PseudoTerminal

    public init() throws(SerialPortError) {
        terminal = try PseudoTerminal()
    }

    /// The device path the agent should open.
    public var path: String { terminal.slavePath }

    /// One read as the scanner sends it: optional AIM identifier, the data, the suffix.
    public func scan(_ data: String, aim: String? = nil, suffix: String = "\r\n") throws(SerialPortError) {
        try terminal.write((aim ?? "") + data + suffix)
    }

    /// Sends `bytes` one at a time with `gap` between them, as a slow UART or a USB bridge that
    /// flushes byte by byte would.
    public func drip(_ bytes: [UInt8], gap: Duration) async throws {
        for byte in bytes {
            try terminal.write([byte])
            try await Task.sleep(for: gap)
        }
    }

    /// Pulls the cable.
    public func unplug() {
        terminal.close()
    }
}
