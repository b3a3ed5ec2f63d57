import Glibc
import Testing
@testable import SerialIO

/// Reads from `port` until `count` bytes arrived or two seconds passed (a safety net, not a timing check).
func readBytes(_ port: any SerialPort, count: Int) throws -> [UInt8] {
    var collected: [UInt8] = []
    let deadline = ContinuousClock.now + .seconds(2)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while collected.count < count, ContinuousClock.now < deadline {
        var fds = [pollfd(fd: port.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 1, 100)
        let n = try buffer.withUnsafeMutableBytes { try port.read(into: $0) }
        collected += buffer[..<n]
    }
    return collected
}

@Suite("Termios backend on pseudo-terminals")
struct TermiosPortTests {
    @Test func readsWhatTheFarEndWrites() throws {
        let far = try PseudoTerminal()
        let port = try TermiosPort(path: far.slavePath, settings: SerialSettings(baudRate: 115_200))
        defer { port.close() }
        try far.write("]C0251001020123456789012345\r\n")
        #expect(try readBytes(port, count: 29) == Array("]C0251001020123456789012345\r\n".utf8))
    }

    @Test func appliesBaudAndRawModeToTheDevice() throws {
        let far = try PseudoTerminal()
        let port = try TermiosPort(path: far.slavePath, settings: SerialSettings(baudRate: 115_200))
        defer { port.close() }
        var attributes = termios()
        #expect(tcgetattr(port.fileDescriptor, &attributes) == 0)
        #expect(cfgetospeed(&attributes) == speed_t(B115200))
        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0, "raw mode: no line editing, no echo, no signals")
        #expect(attributes.c_iflag & tcflag_t(ICRNL | IXON) == 0, "no CR translation, no XON/XOFF unless asked")
    }

    /// Ptys force CS8 and no parity, so the mapping of the other fields is checked on the value.
    @Test func mapsEveryLineSetting() throws {
        let settings = SerialSettings(baudRate: 9600, dataBits: 7, parity: .odd, stopBits: 2, flowControl: .rtsCts)
        var t = try termios.raw(from: termios(), settings: settings).get()
        #expect(cfgetospeed(&t) == speed_t(B9600) && cfgetispeed(&t) == speed_t(B9600))
        #expect(t.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS7))
        #expect(t.c_cflag & tcflag_t(PARENB | PARODD) == tcflag_t(PARENB | PARODD))
        #expect(t.c_cflag & tcflag_t(CSTOPB) != 0)
        #expect(t.c_cflag & tcflag_t(CRTSCTS) != 0)
        #expect(t.c_cflag & tcflag_t(CLOCAL | CREAD) == tcflag_t(CLOCAL | CREAD))
        let xon = try termios.raw(from: termios(), settings: SerialSettings(parity: .even, flowControl: .xonXoff)).get()
        #expect(xon.c_iflag & tcflag_t(IXON | IXOFF) == tcflag_t(IXON | IXOFF))
        #expect(xon.c_cflag & tcflag_t(PARENB | PARODD) == tcflag_t(PARENB))
        #expect(xon.c_cflag & tcflag_t(CRTSCTS) == 0)
    }

    @Test func followsSymlinksToTheDevice() throws {
        let far = try PseudoTerminal()
        let link = "/tmp/scanbridge-test-\(getpid())-symlink"
        unlink(link)
        #expect(symlink(far.slavePath, link) == 0)
        defer { unlink(link) }
        let port = try TermiosPort(path: link, settings: SerialSettings())
        defer { port.close() }
        #expect(port.path == far.slavePath)
    }

    @Test func secondOpenOfTheSamePortIsBusy() throws {
        let far = try PseudoTerminal()
        let first = try TermiosPort(path: far.slavePath, settings: SerialSettings())
        defer { first.close() }
        #expect(throws: SerialPortError.busy(path: far.slavePath)) {
            try TermiosPort(path: far.slavePath, settings: SerialSettings())
        }
    }

    @Test func writesReachTheFarEnd() throws {
        let far = try PseudoTerminal()
        let port = try TermiosPort(path: far.slavePath, settings: SerialSettings())
        defer { port.close() }
        try port.write([0x16, 0x54, 0x0D])
        var received = [UInt8](repeating: 0, count: 8)
        var fds = [pollfd(fd: far.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        #expect(poll(&fds, 1, 2000) == 1)
        let n = Glibc.read(far.fileDescriptor, &received, 8)
        #expect(Array(received[..<max(0, n)]) == [0x16, 0x54, 0x0D])
    }

    /// What the reader relies on to see an unplug: POLLHUP, and a read that then returns nothing.
    @Test func hangUpShowsAsPollHangUpAndEmptyRead() throws {
        let far = try PseudoTerminal()
        let port = try TermiosPort(path: far.slavePath, settings: SerialSettings())
        defer { port.close() }
        far.close()
        var fds = [pollfd(fd: port.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        #expect(poll(&fds, 1, 2000) == 1)
        #expect(Int32(fds[0].revents) & Int32(POLLHUP) != 0)
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = try buffer.withUnsafeMutableBytes { try port.read(into: $0) }
        #expect(count == 0)
    }

    @Test func clearErrorsForMissingPathsAndNonTerminals() {
        #expect(throws: SerialPortError.notFound(path: "/dev/scanbridge-no-such-scanner")) {
            try TermiosPort(path: "/dev/scanbridge-no-such-scanner", settings: SerialSettings())
        }
        #expect(throws: SerialPortError.notATerminal(path: "/dev/null")) {
            try TermiosPort(path: "/dev/null", settings: SerialSettings())
        }
        #expect(throws: SerialPortError.invalidSettings("baud rate 12345 is not supported; use one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600")) {
            try TermiosPort(path: "/dev/null", settings: SerialSettings(baudRate: 12345))
        }
    }

    @Test func closingTwiceIsHarmless() throws {
        let far = try PseudoTerminal()
        let port = try TermiosPort(path: far.slavePath, settings: SerialSettings())
        port.close()
        port.close()
        // The path can be opened again once released.
        let again = try TermiosPort(path: far.slavePath, settings: SerialSettings())
        again.close()
    }
}
