import Glibc

/// A C `errno` value with its text, captured at the failing call so later calls can't clobber it.
public struct Errno: Hashable, Sendable, CustomStringConvertible {
    public var code: Int32

    public init(_ code: Int32) { self.code = code }

    /// The calling thread's errno, read immediately after a failed C call.
    static var current: Errno { Errno(errno) }

    public var description: String { String(cString: strerror(code)) + " (errno \(code))" }

    public static let noEntry = Errno(ENOENT)
    public static let busy = Errno(EBUSY)
    public static let permissionDenied = Errno(EACCES)
}
