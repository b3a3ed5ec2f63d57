import Glibc
import POSIX

extension FaultProxy {
    /// Owns the listening socket: accepts, and swaps it for a bound-but-deaf one while the
    /// link refuses (a connect to a bound socket that does not listen is refused at once).
    func acceptLoop() {
        var applied = Link.up
        while true {
            let (wanted, stopping, listener) = state.withLock { ($0.link, $0.stopping, $0.listener) }
            if stopping {
                state.withLock { state in
                    if state.listener >= 0 { close(state.listener) }
                    state.listener = -1
                    state.acceptorRunning = false
                }
                return
            }
            if wanted != applied {
                // The port is free for a moment in between; a connect then is refused, which is
                // what either state wants of it.
                if listener >= 0 { close(listener) }
                state.withLock { $0.listener = -1 }
                guard let replacement = try? TCP.listen(port: port, listening: wanted == .up).rawValue else {
                    usleep(5_000)
                    continue
                }
                state.withLock { state in
                    state.listener = replacement
                    // Under the lock: a connection thread forgets its sockets before closing
                    // them, so every descriptor here is still its own.
                    if wanted == .refusing { state.shutDownAll() }
                }
                if wanted == .refusing {
                    while state.withLock({ !$0.sockets.isEmpty }) { usleep(1_000) }
                }
                applied = wanted
                state.withLock { $0.appliedLink = wanted }
                continue
            }
            guard applied == .up else {
                usleep(10_000)
                continue
            }
            guard let client = TCP.accept(FileDescriptor(rawValue: listener), waitingAtMost: 20)?.rawValue else { continue }
            let connection = state.withLock { state -> Int in
                state.nextConnection += 1
                state.sockets[state.nextConnection] = [client]
                return state.nextConnection
            }
            DedicatedThread.detached(name: "proxy-conn") { [self] in serve(client: client, connection: connection) }
        }
    }

    func track(_ fd: Int32, on connection: Int) -> Bool {
        state.withLock { state in
            guard !state.stopping, state.sockets[connection] != nil else { return false }
            state.sockets[connection]!.append(fd)
            return true
        }
    }

    /// Called before the connection's descriptors are closed (see `shutDownAll`).
    func forget(_ connection: Int) {
        state.withLock { _ = $0.sockets.removeValue(forKey: connection) }
    }
}
