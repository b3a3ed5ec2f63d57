import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain POSIX sockets for transport edge cases the simulator cannot produce.
enum RawSockets {
    struct Failure: Error { let call: String; let errno: Int32 }

    /// A loopback TCP socket that listens but never accepts: connects complete in the kernel
    /// and then nothing ever answers. Returns the descriptor (close it) and its port.
    static func silentListener() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw Failure(call: "bind/listen", errno: errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// A loopback port that was free a moment ago (for tools like socat that need a number).
    static func freePort() throws -> UInt16 {
        let (fd, port) = try silentListener()
        close(fd)
        return port
    }

    /// Waits until something accepts TCP connections on `port`: a readiness check, not a timing assertion.
    static func waitUntilAccepting(port: UInt16, deadline: Duration = .seconds(30)) async throws -> Bool {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = port.bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
