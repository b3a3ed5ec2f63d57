import Glibc
import SerialIO
import Synchronization

/// The technician's side of the cable: a pty master that types keystrokes and collects the whole
/// transcript, so a test can wait for text and later check that a secret never appeared.
final class TechnicianTerminal: @unchecked Sendable {  // used by one test at a time
    private(set) var pty: PseudoTerminal
    private(set) var transcript = ""
    private var consumed = 0

    init() throws {
        pty = try PseudoTerminal()
    }

    var slavePath: String { pty.slavePath }

    func type(_ text: String) throws {
        try pty.write(text)
    }

    func type(_ bytes: [UInt8]) throws {
        try pty.write(bytes)
    }

    /// Types `line` and Enter as CR (most terminals) or CRLF.
    func enter(_ line: String, crlf: Bool = false) throws {
        try type(line + (crlf ? "\r\n" : "\r"))
    }

    /// Reads until `text` appears after what earlier waits consumed; returns everything read up
    /// to and including it. Fails after `timeout`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let pending = transcript.dropFirst(consumed)
            if let range = pending.firstRange(of: text) {
                let seen = String(pending[..<range.upperBound])
                consumed = transcript.count - pending[range.upperBound...].count
                return seen
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                throw TerminalTimeout(expected: text, got: String(pending.suffix(600)))
            }
            readSome(waitingAtMost: left)
        }
    }

    /// A new cable: types into a new pty from now on and returns the old one, still open, for
    /// the caller to hang up (close) when the name points at the new one.
    func plugInNew() throws -> PseudoTerminal {
        let old = pty
        pty = try PseudoTerminal()
        return old
    }

    private func readSome(waitingAtMost: Duration) {
        var fds = [pollfd(fd: pty.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        let ms = Int32(clamping: min(waitingAtMost.components.seconds * 1000 + 1, 200))
        guard poll(&fds, 1, ms) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(pty.fileDescriptor, $0.baseAddress, $0.count) }
        if count > 0 { transcript += String(decoding: buffer[..<count], as: UTF8.self) }
    }
}

struct TerminalTimeout: Error, CustomStringConvertible {
    let expected: String
    let got: String
    var description: String { "timed out waiting for \"\(expected)\"; last output: \(got.debugDescription)" }
}
