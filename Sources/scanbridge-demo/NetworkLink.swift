import Foundation
import Glibc
import POSIX
import Synchronization

/// The shop's internet connection, as a TCP relay on loopback between the agent and the
/// acquirer simulator. `cut()` drops every connection and refuses new ones, as a dead router
/// does; `restore()` brings it back on the same port. Every socket is close-on-exec: the agent
/// runs as a child process and must not inherit the relay's listener.
final class NetworkLink: @unchecked Sendable {  // relay state lives on its own thread
    let port: UInt16
    private let target: UInt16
    private let state = Mutex<(up: Bool, generation: Int, relaying: Bool)>((true, 0, false))

    init(target: UInt16) throws {
        self.target = target
        let listener = try Self.listen(port: 0)
        port = TCP.boundPort(FileDescriptor(rawValue: listener)) ?? 0
        close(listener)
        try startGeneration()
    }

    /// Returns once every connection is closed and the port refuses new ones.
    func cut() {
        state.withLock { $0.up = false; $0.generation += 1 }
        while state.withLock({ $0.relaying }) { usleep(5_000) }
    }

    func restore() throws {
        state.withLock { $0.up = true }
        try startGeneration()
    }

    private var generation: Int { state.withLock { $0.generation } }

    private func startGeneration() throws {
        let listener = try Self.listen(port: port)
        let mine = generation
        state.withLock { $0.relaying = true }
        guard DedicatedThread.detached(name: "demo-network", { [self] in relay(listener: listener, generation: mine) }) else {
            close(listener)
            state.withLock { $0.relaying = false }
            throw DemoError("cannot start the network relay's thread")
        }
    }

    /// Accepts and shuttles bytes both ways until the generation changes, then closes all.
    private func relay(listener: Int32, generation mine: Int) {
        var pairs: [(Int32, Int32)] = []
        defer {
            close(listener)
            for (a, b) in pairs { close(a); close(b) }
            state.withLock { $0.relaying = false }
        }
        var buffer = [UInt8](repeating: 0, count: 16384)
        while generation == mine {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for (a, b) in pairs {
                fds.append(pollfd(fd: a, events: Int16(POLLIN), revents: 0))
                fds.append(pollfd(fd: b, events: Int16(POLLIN), revents: 0))
            }
            guard poll(&fds, nfds_t(fds.count), 50) >= 0 else { continue }
            let polled = pairs.count
            if fds[0].revents & Int16(POLLIN) != 0 {
                if let client = TCP.accept(FileDescriptor(rawValue: listener))?.fd.rawValue {
                    if let upstream = try? TCP.connect(port: target).rawValue { pairs.append((client, upstream)) }
                    else { close(client) }
                }
            }
            var closed: Set<Int> = []
            for (index, pair) in pairs.prefix(polled).enumerated() {
                for (from, to, slot) in [(pair.0, pair.1, 1 + 2 * index), (pair.1, pair.0, 2 + 2 * index)]
                where fds[slot].revents != 0 {
                    let count = read(from, &buffer, buffer.count)
                    // MSG_NOSIGNAL: the demo SIGKILLs the agent mid-payment, and an answer relayed
                    // to its dead socket must close the pair, not kill the demo with SIGPIPE.
                    if count <= 0 || send(to, buffer, count, Int32(MSG_NOSIGNAL)) != count { closed.insert(index) }
                }
            }
            for index in closed.sorted(by: >) {
                close(pairs[index].0)
                close(pairs[index].1)
                pairs.remove(at: index)
            }
        }
    }

    private static func listen(port: UInt16) throws -> Int32 {
        do throws(SocketError) {
            return try TCP.listen(port: port, backlog: 16).rawValue
        } catch {
            throw DemoError("cannot listen on 127.0.0.1:\(port): \(error)")
        }
    }
}
