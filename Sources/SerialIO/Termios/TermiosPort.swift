import Glibc
import POSIX

/// A serial port opened with plain termios. Used for what libserialport 0.1.1 cannot open:
/// pseudo-terminals (TIOCMGET fails on them) and USB-gadget ttys (`ttyGS*`), and for any path
/// without a `/sys/class/tty` entry.
public final class TermiosPort: SerialPort {
    private let io: DescriptorIO

    public var path: String { io.path }
    public var fileDescriptor: Int32 { io.fd.rawValue }

    /// Opens `path` (symlinks resolved first), takes the exclusive lock and applies `settings`.
    public init(path: String, settings: SerialSettings) throws(SerialPortError) {
        try settings.validate()
        let resolved = try SerialPortError.resolving(path)
        let fd: FileDescriptor
        do throws(Errno) {
            fd = try FileDescriptor.open(resolved, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        } catch {
            throw .opening(resolved, errno: error)
        }
        let io = DescriptorIO(path: resolved, fd: fd)
        do {
            try io.lockExclusive()
            try Self.configure(io, settings)
        } catch {
            fd.close()
            throw error
        }
        self.io = io
    }

    private static func configure(_ io: DescriptorIO, _ settings: SerialSettings) throws(SerialPortError) {
        let current: termios
        do throws(Errno) {
            current = try io.fd.terminalAttributes()
        } catch let code where code.rawValue == ENOTTY {
            throw .notATerminal(path: io.path)
        } catch {
            throw .system(operation: "tcgetattr", path: io.path, errno: error.rawValue)
        }
        let raw = try termios.raw(from: current, settings: settings).get()
        do throws(Errno) {
            try io.fd.setTerminalAttributes(raw)
        } catch {
            throw .system(operation: "tcsetattr", path: io.path, errno: error.rawValue)
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialPortError) -> Int {
        try io.read(into: buffer)
    }

    public func write(_ bytes: [UInt8]) throws(SerialPortError) {
        try io.write(bytes)
    }

    public func close() {
        guard io.markClosed() else { return }
        io.fd.close()
    }

    deinit { close() }
}
