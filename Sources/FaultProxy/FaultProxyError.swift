import Glibc
import POSIX

/// A socket call that failed, with its errno: the proxy's only error.
public struct FaultProxyError: Error, Equatable, Sendable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    init(_ error: SocketError) {
        switch error {
        case .invalidAddress(let address): self.init(call: "getaddrinfo \(address)", errno: EINVAL)
        case .system(let operation, let errno): self.init(call: operation, errno: errno.rawValue)
        }
    }
}
