import Glibc

/// One datagram to a Unix socket: sd_notify(3)'s transport, without linking libsystemd.
public enum UnixDatagram {
    /// Sends `bytes` to the socket at `path` (a leading '@' names an abstract socket). False on any
    /// failure; the caller decides whether that matters (systemd being away must not).
    public static func send(_ bytes: [UInt8], to path: String) -> Bool {
        guard case .success(let fd) = Syscall.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue)) else { return false }
        defer { Syscall.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(path.utf8)
        // An abstract socket's name starts with a NUL in sun_path.
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Syscall.sendTo(fd, bytes, $0, length) }
        }
        return (try? sent.get()) == bytes.count
    }

    /// A datagram socket bound at `path` (an earlier file there is removed): the receiving end
    /// that a test or a benchmark plays systemd with. Read it with `FileDescriptor.read(into:)`.
    public static func bind(at path: String) throws(SocketError) -> FileDescriptor {
        unlink(path)
        let fd: Int32
        switch Syscall.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue)) {
        case .success(let made): fd = made
        case .failure(let error): throw .system(operation: "socket", error)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            Syscall.close(fd)
            throw .invalidAddress(path)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Syscall.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if case .failure(let error) = bound {
            Syscall.close(fd)
            throw .system(operation: "bind \(path)", error)
        }
        return FileDescriptor(rawValue: fd)
    }
}
