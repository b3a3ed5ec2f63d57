import Foundation
import Glibc
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
        port = Self.boundPort(listener)
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
        let thread = Thread { [self] in relay(listener: listener, generation: mine) }
        thread.start()
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
                let client = accept(listener, nil, nil)
                if client >= 0 { _ = fcntl(client, F_SETFD, FD_CLOEXEC) }
                if client >= 0, let upstream = try? Self.connect(port: target) { pairs.append((client, upstream)) }
                else if client >= 0 { close(client) }
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
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            close(fd)
            throw DemoError("cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    private static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = loopback(port)
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else {
            close(fd)
            throw DemoError("cannot reach the acquirer simulator")
        }
        return fd
    }

    private static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func boundPort(_ fd: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return UInt16(bigEndian: address.sin_port)
    }
}
