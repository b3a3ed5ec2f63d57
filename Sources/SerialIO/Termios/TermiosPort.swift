import Glibc

/// A serial port opened with plain termios. Used for what libserialport 0.1.1 cannot open:
/// pseudo-terminals (TIOCMGET fails on them) and USB-gadget ttys (`ttyGS*`), and for any path
/// without a `/sys/class/tty` entry.
public final class TermiosPort: SerialPort {
    private let io: DescriptorIO

    public var path: String { io.path }
    public var fileDescriptor: Int32 { io.fd }

    /// Opens `path` (symlinks resolved first), takes the exclusive lock and applies `settings`.
    public init(path: String, settings: SerialSettings) throws(SerialPortError) {
        try settings.validate()
        let resolved = try Syscall.resolved(path)
        let fd: Int32
        switch Syscall.open(resolved, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC) {
        case .success(let opened): fd = opened
        case .failure(let code): throw .opening(resolved, errno: code)
        }
        let io = DescriptorIO(path: resolved, fd: fd)
        do {
            try io.lockExclusive()
            try Self.configure(io, settings)
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.io = io
    }

    private static func configure(_ io: DescriptorIO, _ settings: SerialSettings) throws(SerialPortError) {
        let current: termios
        switch Syscall.getAttributes(io.fd) {
        case .success(let attributes): current = attributes
        case .failure(let code) where code.rawValue == ENOTTY: throw .notATerminal(path: io.path)
        case .failure(let code): throw .system(operation: "tcgetattr", path: io.path, errno: code.rawValue)
        }
        let raw = try termios.raw(from: current, settings: settings).get()
        if case .failure(let code) = Syscall.setAttributes(io.fd, raw) {
            throw .system(operation: "tcsetattr", path: io.path, errno: code.rawValue)
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
        Syscall.close(io.fd)
    }

    deinit { close() }
}
