import Glibc

/// The POSIX socket calls the TCP link makes, each in one place. Descriptors stay plain `Int32`
/// inside this module; errors become `errno` values the callers turn into `LinkError`.
enum Socket {
    /// A non-blocking listening socket on `host:port` (IPv4 or IPv6 literal, or a name).
    static func listen(host: String, port: UInt16) -> Result<Int32, LinkError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            return .failure(.invalidAddress("\(host):\(port)"))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .failure(.system(operation: "socket", errno: errno)) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            Glibc.close(fd)
            return .failure(.system(operation: "bind \(host):\(port)", errno: code))
        }
        guard Glibc.listen(fd, 4) == 0 else {
            let code = errno
            Glibc.close(fd)
            return .failure(.system(operation: "listen", errno: code))
        }
        return .success(fd)
    }

    /// The port a listening socket is bound to (for port 0: the one the kernel chose).
    static func boundPort(_ fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        return port(of: storage)
    }

    /// Accepts one pending connection, non-blocking, with the peer's address as text.
    static func accept(_ listener: Int32) -> (fd: Int32, peer: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.accept(listener, $0, &length)
            }
        }
        guard fd >= 0 else { return nil }
        setNonBlockingCloseOnExec(fd)
        var yes: Int32 = 1
        // Status lines are small and a cashier is waiting for each: no Nagle delay.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        return (fd, address(of: storage))
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        Glibc.read(fd, buffer.baseAddress, buffer.count)
    }

    /// Writes everything, waiting up to `timeoutMilliseconds` in total for room. False when the
    /// peer is gone or too slow; the caller drops the connection.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], timeoutMilliseconds: Int32) -> Bool {
        var offset = 0
        var waited: Int32 = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
                continue
            }
            guard written < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR, waited < timeoutMilliseconds else { return false }
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = Glibc.poll(&descriptor, 1, 100)
            waited += 100
        }
        return true
    }

    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) -> Int32 {
        let result = Glibc.poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
        return result < 0 && errno == EINTR ? 0 : result
    }

    /// Wakes the reader thread out of `poll`: a pipe whose read end it watches.
    static func pipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { return nil }
        fds.forEach(setNonBlockingCloseOnExec)
        return (fds[0], fds[1])
    }

    // accept4 and pipe2 are hidden behind _GNU_SOURCE in Glibc's Swift overlay.
    private static func setNonBlockingCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    static func signal(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(fd, &byte, 1)
    }

    /// Makes a blocked reader of `fd` see end of file, without racing it for the descriptor.
    static func shutdown(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private static func port(of storage: sockaddr_storage) -> UInt16? {
        var storage = storage
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer in
            switch family {
            case AF_INET: pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            case AF_INET6: pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            default: nil
            }
        }
    }

    private static func address(of storage: sockaddr_storage) -> String {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = Int32(storage.ss_family)
        let ok: Bool = withUnsafePointer(to: &storage) { pointer in
            switch family {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil
                }
            default: false
            }
        }
        guard ok else { return "?" }
        let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // An IPv4 POS reaching a listener on [::] shows up as ::ffff:a.b.c.d; allow-lists name a.b.c.d.
        return address.hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }
}
