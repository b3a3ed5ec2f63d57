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
    /// to and including it. Fails after `timeout`. Polls without blocking and sleeps between
    /// polls, so the waiting test never holds one of the (two) cooperative threads the console
    /// and every other test need.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let pending = transcript.dropFirst(consumed)
            if let range = pending.firstRange(of: text) {
                let seen = String(pending[..<range.upperBound])
                consumed = transcript.count - pending[range.upperBound...].count
                return seen
            }
            guard ContinuousClock.now < deadline else {
                throw TerminalTimeout(expected: text, got: String(pending.suffix(600)))
            }
            if !readAvailable() { try await Task.sleep(for: .milliseconds(2)) }
        }
    }

    /// A new cable: types into a new pty from now on and returns the old one, still open, for
    /// the caller to hang up (close) when the name points at the new one.
    func plugInNew() throws -> PseudoTerminal {
        let old = pty
        pty = try PseudoTerminal()
        return old
    }

    /// Reads what the console has sent so far; false when there was nothing.
    private func readAvailable() -> Bool {
        var fds = [pollfd(fd: pty.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, 0) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(pty.fileDescriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        transcript += String(decoding: buffer[..<count], as: UTF8.self)
        return true
    }
}

struct TerminalTimeout: Error, CustomStringConvertible {
    let expected: String
    let got: String
    var description: String { "timed out waiting for \"\(expected)\"; last output: \(got.debugDescription)" }
}
