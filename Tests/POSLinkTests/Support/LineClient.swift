import Glibc
import POSIX
@testable import POSLink
import SerialIO
import Synchronization
import Testing

/// The POS side of a line link in a test: a loopback TCP connection or a pty master. A thread of
/// its own reads (so a test never blocks Swift's cooperative pool, which runs the box), and reads
/// wait with a 30 s guard, so a missing reply fails the test instead of hanging it.
final class LineClient: Sendable {
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// The pty whose master this client reads: kept open for as long as the reader thread runs,
    /// so its descriptor number cannot be reused under it by the next test's pty.
    private let terminal: PseudoTerminal?
    private let wake: (read: FileDescriptor, write: FileDescriptor)
    /// What the reader thread shares; the thread holds only this, so dropping the client stops it.
    private let inbox: Inbox
    private let thread = Mutex<DedicatedThread?>(nil)
    private let closed = Mutex(false)

    /// Connects to 127.0.0.1:`port`; nil when nobody listens.
    static func connect(port: UInt16) -> LineClient? {
        guard let fd = try? TCP.connect(port: port).rawValue else { return nil }
        return LineClient(fd: fd, owns: true)
    }

    /// Reads and writes the master side of `pty`, as the POS at the other end of the cable.
    convenience init(pty: PseudoTerminal) {
        self.init(fd: pty.fileDescriptor, owns: false, terminal: pty)
    }

    private init(fd: Int32, owns: Bool, terminal: PseudoTerminal? = nil) {
        self.fd = fd
        self.ownsDescriptor = owns
        self.terminal = terminal
        wake = try! FileDescriptor.pipe()  // a test without two descriptors to spare cannot go on anyway
        let inbox = Inbox(fd: fd, wake: wake.read.rawValue, isPty: !owns)
        self.inbox = inbox
        let started = try? DedicatedThread.start(name: "test-pos-read") { inbox.readLoop() }
        thread.withLock { $0 = started }
    }

    deinit { close() }

    func close() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        wake.write.signal()
        thread.withLock { $0 }?.join()
        wake.read.close()
        wake.write.close()
        if ownsDescriptor { Glibc.close(fd) }
    }

    func send(_ line: String) {
        write(Array((line + "\n").utf8))
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// The next line the box sent, or nil when none came within 30 s (or the link ended).
    func readLine() async -> String? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let (line, ended) = inbox.state.withLock { state -> (String?, Bool) in
                state.lines.isEmpty ? (nil, state.ended) : (state.lines.removeFirst(), false)
            }
            if let line { return line }
            if ended { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// Reads lines until one starts with `prefix`; returns it.
    @discardableResult
    func expect(_ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) async -> String? {
        var seen: [String] = []
        while let line = await readLine() {
            if line.hasPrefix(prefix) { return line }
            seen.append(line)
        }
        Issue.record("no line starting \"\(prefix)\"; saw \(seen)", sourceLocation: sourceLocation)
        return nil
    }

    /// The next line, which must be exactly `line`.
    func expectNext(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let next = await readLine()
        #expect(next == line, sourceLocation: sourceLocation)
    }

    private final class Inbox: Sendable {
        struct State {
            var lines: [String] = []
            var partial: [UInt8] = []
            var ended = false
        }

        let state = Mutex(State())
        private let fd: Int32
        private let wake: Int32
        private let isPty: Bool

        init(fd: Int32, wake: Int32, isPty: Bool) {
            self.fd = fd
            self.wake = wake
            self.isPty = isPty
        }

        func readLoop() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
                guard Glibc.poll(&fds, 2, -1) >= 0 else { continue }
                if fds[1].revents != 0 { return }
                let count = Glibc.read(fd, &buffer, buffer.count)
                guard count > 0 else {
                    if count < 0 && errno == EAGAIN { continue }
                    if count < 0 && errno == EIO && isPty {
                        // A pty master reads EIO while no one holds the slave open (the box closed
                        // its port); it reads again once the box reopens it.
                        var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
                        if Glibc.poll(&fds, 1, 10) > 0 { return }
                        continue
                    }
                    state.withLock { $0.ended = true }
                    return
                }
                state.withLock { state in
                    state.partial += buffer[..<count]
                    while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                        state.lines.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                        state.partial.removeSubrange(...newline)
                    }
                }
            }
        }
    }
}

/// The value of `key` in a protocol line ("RESULT ref=A status=paid" → status → "paid").
func field(_ key: String, in line: String?) -> String? {
    line?.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
}
