import Glibc
import Logging
import POSIX
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
        var client: FileDescriptor?
        var connection = 0
        var wake: (read: FileDescriptor, write: FileDescriptor)?
        var thread: DedicatedThread?
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
        let listener: FileDescriptor
        do throws(SocketError) {
            listener = try TCP.listen(host: host, port: port, backlog: 4, nonBlocking: true)
        } catch {
            switch error {
            case .invalidAddress(let address): throw .invalidAddress(address)
            case .system(let operation, let code): throw .system(operation: operation, errno: code.rawValue)
            }
        }
        let wake: (read: FileDescriptor, write: FileDescriptor)
        do throws(Errno) {
            wake = try FileDescriptor.pipe()
        } catch {
            listener.close()
            throw .system(operation: "pipe", errno: error.rawValue)
        }
        state.withLock {
            $0.wake = wake
            $0.boundPort = TCP.boundPort(listener)
        }
        do throws(Errno) {
            let thread = try DedicatedThread.start(name: "pos-link") { [self] in serve(listener: listener, wake: wake.read, events) }
            state.withLock { $0.thread = thread }
        } catch {
            listener.close()
            wake.read.close()
            wake.write.close()
            state.withLock { $0.wake = nil }
            throw .system(operation: "pthread_create", errno: error.rawValue)
        }
        logger.info("POS link listening", metadata: ["address": "\(host):\(boundPort ?? port)"])
    }

    func send(_ line: String, on connection: Int) -> Bool {
        // Held across the write so two lines never interleave; a slow POS blocks the writer
        // thread for at most 2 s.
        state.withLock { state in
            guard let client = state.client, state.connection == connection else { return false }
            if TCP.sendAll(client, Array((line + "\n").utf8), timeoutMilliseconds: 2000) { return true }
            // Let the reader thread see the end and report the disconnect.
            TCP.shutdown(client)
            return false
        }
    }

    func close(_ connection: Int) {
        state.withLock { state in
            if let client = state.client, state.connection == connection { TCP.shutdown(client) }
        }
    }

    func stop() {
        let (thread, wake) = state.withLock { state in
            defer { state.thread = nil }
            return (state.thread, state.wake)
        }
        wake?.write.signal()
        thread?.join()
        state.withLock { state in
            if let wake = state.wake {
                wake.read.close()
                wake.write.close()
                state.wake = nil
            }
        }
    }

    private func serve(listener: FileDescriptor, wake: FileDescriptor, _ events: @escaping @Sendable (LinkEvent) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { buffer.deallocate() }
        var framer = LineFramer(maxLength: maxLineLength)
        var client: (fd: FileDescriptor, peer: String)?
        func drop(_ reason: String) {
            guard let current = client else { return }
            state.withLock { $0.client = nil }
            current.fd.close()
            client = nil
            framer.reset()
            events(.disconnected(peer: current.peer, reason: reason))
        }
        while true {
            var fds = [pollfd(fd: wake.rawValue, events: Int16(POLLIN), revents: 0), pollfd(fd: listener.rawValue, events: Int16(POLLIN), revents: 0)]
            if let client { fds.append(pollfd(fd: client.fd.rawValue, events: Int16(POLLIN), revents: 0)) }
            guard (try? FileDescriptor.poll(&fds, timeoutMilliseconds: -1)) != nil else { break }
            if fds[0].revents != 0 { break }
            if fds[1].revents & Int16(POLLIN) != 0, let accepted = TCP.accept(listener, nonBlocking: true) {
                if !allowedPeers.isEmpty && !allowedPeers.contains(accepted.peer) {
                    logger.warning("POS link refused a connection", metadata: ["peer": "\(accepted.peer)"])
                    accepted.fd.close()
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
            guard fds.count == 3, fds[2].revents != 0, let reading = client?.fd else { continue }
            let count: Int
            do throws(Errno) {
                count = try reading.read(into: buffer)
            } catch let code where code == .wouldBlock || code == .interrupted {
                continue
            } catch {
                drop(error.description)
                continue
            }
            if count > 0 {
                framer.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { output in
                    switch output {
                    case .line(let bytes): events(.line(bytes))
                    case .oversize: events(.oversize)
                    }
                }
            } else {
                drop("closed by the POS")
            }
        }
        drop("link stopped")
        listener.close()
    }
}
