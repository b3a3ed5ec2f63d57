import Glibc
import Synchronization

/// Reading, writing, locking and closing a port's descriptor: the same for both backends once the
/// port is open.
final class DescriptorIO: Sendable {
    let path: String
    let fd: Int32
    private let closed = Mutex(false)

    init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// flock + TIOCEXCL. A held flock means another agent has the scanner; TIOCEXCL failing is
    /// not fatal (it only keeps other unprivileged openers out).
    func lockExclusive() throws(SerialPortError) {
        if case .failure(let code) = Syscall.lockExclusive(fd) {
            throw code.rawValue == EWOULDBLOCK ? .busy(path: path) : .system(operation: "flock", path: path, errno: code.rawValue)
        }
        _ = Syscall.setExclusive(fd)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialPortError) -> Int {
        // With VMIN = VTIME = 0 a tty read returns 0 both for "nothing yet" and after a hang-up;
        // the reader tells them apart by whether poll reported POLLIN first.
        switch Syscall.read(fd, buffer) {
        case .success(let count):
            return count
        case .failure(let code) where code.rawValue == EAGAIN || code.rawValue == EWOULDBLOCK:
            return 0
        case .failure(let code) where code.rawValue == EIO || code.rawValue == ENXIO || code.rawValue == ENODEV:
            throw .hangUp(path: path)
        case .failure(let code):
            throw .system(operation: "read", path: path, errno: code.rawValue)
        }
    }

    func write(_ bytes: [UInt8]) throws(SerialPortError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Syscall.write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            switch result {
            case .success(let written):
                offset += written
            case .failure(let code) where code.rawValue == EAGAIN || code.rawValue == EWOULDBLOCK:
                // Output buffer full: wait for it to drain rather than spin.
                _ = Syscall.drain(fd)
            case .failure(let code) where code.rawValue == EIO || code.rawValue == ENXIO || code.rawValue == ENODEV:
                throw .hangUp(path: path)
            case .failure(let code):
                throw .system(operation: "write", path: path, errno: code.rawValue)
            }
        }
    }

    /// True the first time only, so the owner releases its resources once.
    func markClosed() -> Bool {
        closed.withLock { wasClosed in
            defer { wasClosed = true }
            return !wasClosed
        }
    }
}

extension SerialPortError {
    /// The error an `open` of `path` failing with `code` means to a technician.
    static func opening(_ path: String, errno code: Errno) -> SerialPortError {
        opening(path, errno: code.rawValue)
    }

    static func opening(_ path: String, errno code: Int32) -> SerialPortError {
        switch code {
        case ENOENT, ENODEV, ENXIO: .notFound(path: path)
        case EACCES, EPERM: .permissionDenied(path: path)
        case EBUSY: .busy(path: path)
        case ENOTTY: .notATerminal(path: path)
        default: .system(operation: "open", path: path, errno: code)
        }
    }
}
