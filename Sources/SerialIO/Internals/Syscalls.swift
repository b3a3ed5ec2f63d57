import CTermios
import Glibc

/// Every system call the serial layer makes, one function each, so errno is read right after the
/// call that set it and EINTR is retried in one place.
enum Syscall {
    static func open(_ path: String, _ flags: Int32) -> Result<Int32, Errno> {
        retrying { ctermios_open(path, flags) }
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Result<Int, Errno> {
        retrying { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Result<Int, Errno> {
        retrying { Glibc.write(fd, buffer.baseAddress, buffer.count) }
    }

    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) -> Result<Int32, Errno> {
        let count = nfds_t(fds.count)
        return fds.withUnsafeMutableBufferPointer { buffer in
            retrying { Glibc.poll(buffer.baseAddress, count, timeoutMilliseconds) }
        }
    }

    /// Advisory lock, because libserialport 0.1.1 takes none and two agents on one scanner would
    /// each get half of every frame.
    static func lockExclusive(_ fd: Int32) -> Result<Void, Errno> {
        retrying { flock(fd, LOCK_EX | LOCK_NB) }.map { _ in () }
    }

    /// TIOCEXCL: refuses further opens of the tty by unprivileged processes.
    static func setExclusive(_ fd: Int32) -> Result<Void, Errno> {
        retrying { ctermios_set_exclusive(fd) }.map { _ in () }
    }

    static func getAttributes(_ fd: Int32) -> Result<termios, Errno> {
        var attributes = termios()
        return retrying { tcgetattr(fd, &attributes) }.map { _ in attributes }
    }

    static func setAttributes(_ fd: Int32, _ attributes: termios) -> Result<Void, Errno> {
        var attributes = attributes
        return retrying { tcsetattr(fd, TCSANOW, &attributes) }.map { _ in () }
    }

    static func drain(_ fd: Int32) -> Result<Void, Errno> {
        retrying { tcdrain(fd) }.map { _ in () }
    }

    static func realpath(_ path: String) -> Result<String, Errno> {
        guard let resolved = Glibc.realpath(path, nil) else { return .failure(Errno(errno)) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }

    /// The device behind a path or udev symlink; a missing one is `.notFound` and so on.
    static func resolved(_ path: String) throws(SerialPortError) -> String {
        switch realpath(path) {
        case .success(let real): return real
        case .failure(let code): throw .opening(path, errno: code)
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func pipe() -> Result<(read: Int32, write: Int32), Errno> {
        var fds: [Int32] = [0, 0]
        return retrying { ctermios_pipe_nonblocking(&fds) }.map { _ in (fds[0], fds[1]) }
    }

    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> Result<T, Errno> {
        while true {
            let result = call()
            if result >= 0 { return .success(result) }
            let code = errno
            if code != EINTR { return .failure(Errno(code)) }
        }
    }
}

/// A failed system call's errno, kept as the value it is.
public struct Errno: Error, Hashable, Sendable {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// errno as text, for messages a technician reads.
    public static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
