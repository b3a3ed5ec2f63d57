import POSIX

/// What a POS link transport reports, in order, from its own thread.
enum LinkEvent: Sendable {
    /// A POS is connected (a TCP client accepted, the serial port open). `connection` numbers
    /// it: lines are sent to the connection they were meant for, never to a later one.
    case connected(peer: String, connection: Int)
    case line([UInt8])
    /// A line longer than the limit arrived; it was skipped up to its end.
    case oversize
    case disconnected(peer: String, reason: String)
}

/// A line transport to the POS: TCP listener or serial port.
protocol LinkTransport: Sendable {
    /// Starts reading on a thread of its own; `events` is called from that thread only.
    func start(_ events: @escaping @Sendable (LinkEvent) -> Void) throws(LinkError)
    /// Sends one line (LF added) on `connection`. Returns false when that connection is gone
    /// or the write failed; the line is then for the resynchronisation at the next connect.
    @discardableResult
    func send(_ line: String, on connection: Int) -> Bool
    /// Ends `connection` (a POS that failed to authenticate); the reader then reports the
    /// disconnect. A serial line cannot be hung up from this end: there it does nothing, and the
    /// source keeps refusing until the line reconnects.
    func close(_ connection: Int)
    /// Stops reading and closes everything; returns when the thread is gone.
    func stop()
}

/// Why the link could not start.
public enum LinkError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidAddress(String)
    case system(operation: String, errno: Int32)
    case serial(String)

    public var description: String {
        switch self {
        case .invalidAddress(let address): "cannot listen on \"\(address)\": expected HOST:PORT, e.g. 0.0.0.0:4100"
        case .system(let operation, let code): "\(operation) failed: \(Errno.describe(code))"
        case .serial(let message): message
        }
    }
}
