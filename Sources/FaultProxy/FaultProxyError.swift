import Glibc

/// A socket call that failed, with its errno: the proxy's only error.
public struct FaultProxyError: Error, Equatable, Sendable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}
