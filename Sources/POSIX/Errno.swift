import Glibc

/// A failed system call's errno, captured at the call (a later call would overwrite it) and kept
/// as the value it is. The text is for a technician: `strerror` plus the number.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's errno, read right after the failed call.
    public static var current: Errno { Errno(errno) }

    public var description: String { Self.describe(rawValue) }

    /// errno as text: "No such file or directory (errno 2)".
    public static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }

    public static let noEntry = Errno(ENOENT)
    public static let busy = Errno(EBUSY)
    public static let permissionDenied = Errno(EACCES)
    public static let wouldBlock = Errno(EAGAIN)
    public static let interrupted = Errno(EINTR)
}
