/// Why a socket could not be made, bound or connected.
public enum SocketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The host is not an address (or a name) getaddrinfo can resolve.
    case invalidAddress(String)
    /// A call failed: which one, on what, and its errno.
    case system(operation: String, Errno)

    public var description: String {
        switch self {
        case .invalidAddress(let address): "not an address: \(address)"
        case .system(let operation, let errno): "\(operation) failed: \(errno)"
        }
    }

    public var errno: Errno? {
        if case .system(_, let errno) = self { return errno }
        return nil
    }
}
