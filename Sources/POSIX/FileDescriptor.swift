import Glibc

/// An open file descriptor as a small typed value, in the manner of swift-system's: the calls are
/// methods, failures are `Errno`, EINTR is retried underneath. It does not close itself; whoever
/// opened it closes it, once.
public struct FileDescriptor: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// open(2); `O_CLOEXEC` is the caller's to pass, as every open here does.
    public static func open(_ path: String, _ flags: Int32) throws(Errno) -> FileDescriptor {
        try FileDescriptor(rawValue: Syscall.open(path, flags).get())
    }

    public func close() {
        Syscall.close(rawValue)
    }

    /// Bytes read, 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try Syscall.read(rawValue, buffer).get()
    }

    public func write(_ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try Syscall.write(rawValue, buffer).get()
    }

    /// A pipe whose ends are non-blocking and close-on-exec: the wake-up of a thread in `poll`.
    public static func pipe() throws(Errno) -> (read: FileDescriptor, write: FileDescriptor) {
        let (read, write) = try Syscall.pipe().get()
        return (FileDescriptor(rawValue: read), FileDescriptor(rawValue: write))
    }

    /// Writes one byte, to wake whoever polls the other end of a pipe; a full pipe is awake already.
    public func signal() {
        var byte: UInt8 = 1
        _ = withUnsafeBytes(of: &byte) { Syscall.write(rawValue, $0) }
    }

    /// poll(2) over `fds`; the count of ready entries (0: timed out).
    public static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) throws(Errno) -> Int32 {
        try Syscall.poll(&fds, timeoutMilliseconds: timeoutMilliseconds).get()
    }
}

// MARK: Terminals

extension FileDescriptor {
    public func terminalAttributes() throws(Errno) -> termios {
        try Syscall.getAttributes(rawValue).get()
    }

    public func setTerminalAttributes(_ attributes: termios) throws(Errno) {
        try Syscall.setAttributes(rawValue, attributes).get()
    }

    /// Waits until what was written has left the UART.
    public func drain() throws(Errno) {
        try Syscall.drain(rawValue).get()
    }

    /// flock(LOCK_EX | LOCK_NB): two agents on one scanner would each get half of every frame.
    public func lockExclusive() throws(Errno) {
        try Syscall.lockExclusive(rawValue).get()
    }

    /// TIOCEXCL: refuses further opens of the tty by unprivileged processes.
    public func setExclusive() throws(Errno) {
        try Syscall.setExclusive(rawValue).get()
    }
}

// MARK: Paths

public enum Paths {
    /// The file behind a path or a udev symlink, fully resolved.
    public static func resolved(_ path: String) throws(Errno) -> String {
        try Syscall.realpath(path).get()
    }

    public static func exists(_ path: String) -> Bool {
        Syscall.exists(path)
    }
}
