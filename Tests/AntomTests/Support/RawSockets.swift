import POSIX

/// Loopback sockets for transport edge cases the simulator cannot produce, on the POSIX layer.
enum RawSockets {
    /// A loopback TCP socket that listens but never accepts: connects complete in the kernel
    /// and then nothing ever answers. Returns the descriptor (close it) and its port.
    static func silentListener() throws -> (fd: Int32, port: UInt16) {
        let fd = try TCP.listen(port: 0, backlog: 8)
        return (fd.rawValue, TCP.boundPort(fd) ?? 0)
    }

    /// A loopback port that was free a moment ago (for tools like socat that need a number).
    static func freePort() throws -> UInt16 {
        let fd = try TCP.listen(port: 0, listening: false)
        defer { fd.close() }
        return TCP.boundPort(fd) ?? 0
    }

    /// Waits until something accepts TCP connections on `port`: a readiness check, not a timing assertion.
    static func waitUntilAccepting(port: UInt16, deadline: Duration = .seconds(30)) async throws -> Bool {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if let fd = try? TCP.connect(port: port) {
                fd.close()
                return true
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
