import Glibc
import Logging
import Synchronization

/// The ECR link over TCP: listens on the configured address and serves one POS at a time. A new
/// connection replaces the current one, because a POS that lost its network comes back on a new
/// connection while the box may still hold the dead one.
final class TCPLink: LinkTransport {
    private let host: String
    private let port: UInt16
    private let allowedPeers: Set<String>
    private let maxLineLength: Int
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var client: Int32 = -1
        var connection = 0
        var wake: (read: Int32, write: Int32)?
        var thread: LinkThread?
        var boundPort: UInt16?
    }

    init(host: String, port: UInt16, allowedPeers: Set<String>, maxLineLength: Int, logger: Logger) {
        self.host = host
        self.port = port
        self.allowedPeers = allowedPeers
        self.maxLineLength = maxLineLength
        self.logger = logger
    }

    /// The port it listens on, once started (the kernel's choice when configured as 0).
    var boundPort: UInt16? { state.withLock { $0.boundPort } }

    func start(_ events: @escaping @Sendable (LinkEvent) -> Void) throws(LinkError) {
        let listener: Int32
        switch Socket.listen(host: host, port: port) {
        case .success(let fd): listener = fd
        case .failure(let error): throw error
        }
        guard let wake = Socket.pipe() else {
            Socket.close(listener)
            throw .system(operation: "pipe", errno: errno)
        }
        state.withLock {
            $0.wake = wake
            $0.boundPort = Socket.boundPort(listener)
        }
        guard let thread = LinkThread.start({ [self] in serve(listener: listener, wake: wake.read, events) }) else {
            Socket.close(listener)
            Socket.close(wake.read)
            Socket.close(wake.write)
            state.withLock { $0.wake = nil }
            throw .system(operation: "pthread_create", errno: EAGAIN)
        }
        state.withLock { $0.thread = thread }
        logger.info("POS link listening", metadata: ["address": "\(host):\(boundPort ?? port)"])
    }

    func send(_ line: String, on connection: Int) -> Bool {
        // Held across the write so two lines never interleave; a slow POS blocks the writer
        // thread for at most 2 s.
        state.withLock { state in
            guard state.client >= 0, state.connection == connection else { return false }
            if Socket.writeAll(state.client, Array((line + "\n").utf8), timeoutMilliseconds: 2000) { return true }
            // Let the reader thread see the end and report the disconnect.
            Socket.shutdown(state.client)
            return false
        }
    }

    func close(_ connection: Int) {
        state.withLock { state in
            if state.client >= 0, state.connection == connection { Socket.shutdown(state.client) }
        }
    }

    func stop() {
        let (thread, wake) = state.withLock { state in
            defer { state.thread = nil }
            return (state.thread, state.wake)
        }
        if let wake { Socket.signal(wake.write) }
        thread?.join()
        state.withLock { state in
            if let wake = state.wake {
                Socket.close(wake.read)
                Socket.close(wake.write)
                state.wake = nil
            }
        }
    }

    private func serve(listener: Int32, wake: Int32, _ events: @escaping @Sendable (LinkEvent) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { buffer.deallocate() }
        var framer = LineFramer(maxLength: maxLineLength)
        var client: (fd: Int32, peer: String)?
        func drop(_ reason: String) {
            guard let current = client else { return }
            state.withLock { $0.client = -1 }
            Socket.close(current.fd)
            client = nil
            framer.reset()
            events(.disconnected(peer: current.peer, reason: reason))
        }
        while true {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0), pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            if let client { fds.append(pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)) }
            guard Socket.poll(&fds, timeoutMilliseconds: -1) >= 0 else { break }
            if fds[0].revents != 0 { break }
            if fds[1].revents & Int16(POLLIN) != 0, let accepted = Socket.accept(listener) {
                if !allowedPeers.isEmpty && !allowedPeers.contains(accepted.peer) {
                    logger.warning("POS link refused a connection", metadata: ["peer": "\(accepted.peer)"])
                    Socket.close(accepted.fd)
                } else {
                    drop("replaced by a new connection from \(accepted.peer)")
                    client = accepted
                    let connection = state.withLock { state in
                        state.client = accepted.fd
                        state.connection += 1
                        return state.connection
                    }
                    events(.connected(peer: accepted.peer, connection: connection))
                }
                continue
            }
            guard fds.count == 3, fds[2].revents != 0 else { continue }
            let count = Socket.read(fds[2].fd, into: buffer)
            if count > 0 {
                framer.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { output in
                    switch output {
                    case .line(let bytes): events(.line(bytes))
                    case .oversize: events(.oversize)
                    }
                }
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                drop(count == 0 ? "closed by the POS" : Socket.describe(errno))
            }
        }
        drop("link stopped")
        Socket.close(listener)
    }
}
