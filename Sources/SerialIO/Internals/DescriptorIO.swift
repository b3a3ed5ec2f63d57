import Glibc
import POSIX
import Synchronization

/// Reading, writing, locking and closing a port's descriptor: the same for both backends once the
/// port is open.
final class DescriptorIO: Sendable {
    let path: String
    let fd: FileDescriptor
    private let closed = Mutex(false)

    init(path: String, fd: FileDescriptor) {
        self.path = path
        self.fd = fd
    }

    /// flock + TIOCEXCL. A held flock means another agent has the scanner; TIOCEXCL failing is
    /// not fatal (it only keeps other unprivileged openers out).
    func lockExclusive() throws(SerialPortError) {
        do throws(Errno) {
            try fd.lockExclusive()
        } catch {
            throw error.rawValue == EWOULDBLOCK ? .busy(path: path) : .system(operation: "flock", path: path, errno: error.rawValue)
        }
        try? fd.setExclusive()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialPortError) -> Int {
        // With VMIN = VTIME = 0 a tty read returns 0 both for "nothing yet" and after a hang-up;
        // the reader tells them apart by whether poll reported POLLIN first.
        do throws(Errno) {
            return try fd.read(into: buffer)
        } catch let code where code.rawValue == EAGAIN || code.rawValue == EWOULDBLOCK {
            return 0
        } catch let code where Self.isHangUp(code) {
            throw .hangUp(path: path)
        } catch {
            throw .system(operation: "read", path: path, errno: error.rawValue)
        }
    }

    func write(_ bytes: [UInt8]) throws(SerialPortError) {
        var offset = 0
        while offset < bytes.count {
            do throws(Errno) {
                offset += try bytes.withUnsafeBytes { raw in
                    Result { () throws(Errno) in try fd.write(UnsafeRawBufferPointer(rebasing: raw[offset...])) }
                }.get()
            } catch let code where code.rawValue == EAGAIN || code.rawValue == EWOULDBLOCK {
                // Output buffer full: wait for it to drain rather than spin.
                try? fd.drain()
            } catch let code where Self.isHangUp(code) {
                throw .hangUp(path: path)
            } catch {
                throw .system(operation: "write", path: path, errno: error.rawValue)
            }
        }
    }

    /// What a tty answers once its device is gone (USB unplugged, pty master closed).
    private static func isHangUp(_ code: Errno) -> Bool {
        code.rawValue == EIO || code.rawValue == ENXIO || code.rawValue == ENODEV
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
