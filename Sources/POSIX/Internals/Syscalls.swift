import CTermios
import Glibc

/// Every C call the POSIX layer makes, one function each: errno is read right after the call that
/// set it, and EINTR is retried here and nowhere else.
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

    /// send(2) with MSG_NOSIGNAL: a peer that went away is an EPIPE, never a SIGPIPE.
    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Result<Int, Errno> {
        retrying { Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) -> Result<Int32, Errno> {
        let count = nfds_t(fds.count)
        return fds.withUnsafeMutableBufferPointer { buffer in
            retrying { Glibc.poll(buffer.baseAddress, count, timeoutMilliseconds) }
        }
    }

    static func pipe() -> Result<(read: Int32, write: Int32), Errno> {
        var fds: [Int32] = [0, 0]
        return retrying { ctermios_pipe_nonblocking(&fds) }.map { _ in (fds[0], fds[1]) }
    }

    static func socket(_ family: Int32, _ type: Int32) -> Result<Int32, Errno> {
        retrying { Glibc.socket(family, type | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    static func bind(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Result<Void, Errno> {
        retrying { Glibc.bind(fd, address, length) }.map { _ in () }
    }

    static func listen(_ fd: Int32, backlog: Int32) -> Result<Void, Errno> {
        retrying { Glibc.listen(fd, backlog) }.map { _ in () }
    }

    static func connect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Result<Void, Errno> {
        retrying { Glibc.connect(fd, address, length) }.map { _ in () }
    }

    static func accept(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>, _ length: inout socklen_t) -> Result<Int32, Errno> {
        retrying { Glibc.accept(fd, address, &length) }
    }

    static func sendTo(_ fd: Int32, _ bytes: [UInt8], _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Result<Int, Errno> {
        retrying { sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL), address, length) }
    }

    /// accept4 and pipe2 are hidden behind _GNU_SOURCE in Glibc's Swift overlay: set the flags after.
    static func setNonBlockingCloseOnExec(_ fd: Int32, nonBlocking: Bool) {
        if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    static func realpath(_ path: String) -> Result<String, Errno> {
        guard let resolved = Glibc.realpath(path, nil) else { return .failure(Errno(errno)) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
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

    static func shutdown(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func retrying<T: BinaryInteger>(_ call: () -> T) -> Result<T, Errno> {
        while true {
            let result = call()
            if result >= 0 { return .success(result) }
            let code = errno
            if code != EINTR { return .failure(Errno(code)) }
        }
    }
}
