import Glibc

/// TCP sockets, for the POS link's listener, the fault proxy, the demo's network link and the
/// test servers: each call once, here. Every descriptor is close-on-exec (the soak and the demo
/// run the agent as a child, which must not inherit them) and every accepted or connected one has
/// TCP_NODELAY (small answers must leave at once, not after a delayed ACK: 40 ms each, measured in
/// NoDelaySocketPool).
public enum TCP {
    /// A socket bound to `host:port` (IPv4 or IPv6 literal, or a name; port 0: the kernel picks).
    /// `listening: false` holds the port while connects to it are refused, so no other server can
    /// take it during a simulated outage.
    public static func listen(host: String = "127.0.0.1", port: UInt16, backlog: Int32 = 64,
                              nonBlocking: Bool = false, listening: Bool = true) throws(SocketError) -> FileDescriptor {
        try withAddress(host, port, passive: true) { (address, length, family) throws(SocketError) in
            let fd = try socket(family, nonBlocking: nonBlocking)
            // Connections of the previous listener may sit in TIME_WAIT on this port.
            Syscall.setOption(fd.rawValue, SOL_SOCKET, SO_REUSEADDR, 1)
            do throws(Errno) {
                try Syscall.bind(fd.rawValue, address, length).get()
            } catch {
                fd.close()
                throw .system(operation: "bind \(host):\(port)", error)
            }
            if listening {
                do throws(Errno) {
                    try Syscall.listen(fd.rawValue, backlog: backlog).get()
                } catch {
                    fd.close()
                    throw .system(operation: "listen \(host):\(port)", error)
                }
            }
            return fd
        }
    }

    /// A blocking connection to `host:port`.
    public static func connect(host: String = "127.0.0.1", port: UInt16) throws(SocketError) -> FileDescriptor {
        try withAddress(host, port, passive: false) { (address, length, family) throws(SocketError) in
            let fd = try socket(family, nonBlocking: false)
            do throws(Errno) {
                try Syscall.connect(fd.rawValue, address, length).get()
            } catch {
                fd.close()
                throw .system(operation: "connect \(host):\(port)", error)
            }
            noDelay(fd)
            return fd
        }
    }

    /// Takes one pending connection, with the peer's address as text; nil when none is pending
    /// (a non-blocking listener) or the accept failed.
    public static func accept(_ listener: FileDescriptor, nonBlocking: Bool = false) -> (fd: FileDescriptor, peer: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let accepted = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Syscall.accept(listener.rawValue, $0, &length) }
        }
        guard case .success(let raw) = accepted else { return nil }
        Syscall.setNonBlockingCloseOnExec(raw, nonBlocking: nonBlocking)
        let fd = FileDescriptor(rawValue: raw)
        noDelay(fd)
        return (fd, address(of: storage))
    }

    /// Waits up to `milliseconds` for a connection on a blocking listener; nil when none came.
    public static func accept(_ listener: FileDescriptor, waitingAtMost milliseconds: Int32) -> FileDescriptor? {
        var entry = [pollfd(fd: listener.rawValue, events: Int16(POLLIN), revents: 0)]
        guard let ready = try? FileDescriptor.poll(&entry, timeoutMilliseconds: milliseconds), ready > 0 else { return nil }
        return accept(listener)?.fd
    }

    /// The port a socket is bound to (for port 0: the one the kernel chose).
    public static func boundPort(_ fd: FileDescriptor) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd.rawValue, $0, &length) == 0 }
        }
        return ok ? port(of: storage) : nil
    }

    /// Sends everything, or false when the peer went away. On a non-blocking socket it waits for
    /// room up to `timeoutMilliseconds` in all (nil: a blocking socket, no wait needed).
    public static func sendAll(_ fd: FileDescriptor, _ bytes: some Collection<UInt8>, timeoutMilliseconds: Int32? = nil) -> Bool {
        let bytes = Array(bytes)
        var offset = 0
        var waited: Int32 = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in Syscall.send(fd.rawValue, UnsafeRawBufferPointer(rebasing: raw[offset...])) }
            switch sent {
            case .success(let count) where count > 0:
                offset += count
            case .failure(let error) where error == .wouldBlock:
                guard let limit = timeoutMilliseconds, waited < limit else { return false }
                var entry = [pollfd(fd: fd.rawValue, events: Int16(POLLOUT), revents: 0)]
                _ = try? FileDescriptor.poll(&entry, timeoutMilliseconds: 100)
                waited += 100
            default:
                return false
            }
        }
        return true
    }

    /// Makes a reader blocked on `fd` see end of file, without racing it for the descriptor.
    public static func shutdown(_ fd: FileDescriptor) {
        Syscall.shutdown(fd.rawValue)
    }

    /// Closes with an RST instead of a FIN: zero linger discards what is unsent and resets.
    public static func reset(_ fd: FileDescriptor) {
        var abortive = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd.rawValue, SOL_SOCKET, SO_LINGER, &abortive, socklen_t(MemoryLayout<linger>.size))
        fd.close()
    }

    /// False when the peer has closed (or reset) the connection: readable with nothing to read.
    /// A byte waiting to be read means it is open; the caller's reader will take it.
    public static func isOpen(_ fd: FileDescriptor) -> Bool {
        var entry = [pollfd(fd: fd.rawValue, events: Int16(POLLIN) | 0x2000 /* POLLRDHUP, not imported */, revents: 0)]
        guard let ready = try? FileDescriptor.poll(&entry, timeoutMilliseconds: 0), ready > 0 else { return true }
        if entry[0].revents & (Int16(POLLERR) | Int16(POLLHUP)) != 0 { return false }
        var byte: UInt8 = 0
        return recv(fd.rawValue, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) > 0
    }

    // MARK: Internals

    private static func socket(_ family: Int32, nonBlocking: Bool) throws(SocketError) -> FileDescriptor {
        let type = Int32(SOCK_STREAM.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
        do throws(Errno) {
            return FileDescriptor(rawValue: try Syscall.socket(family, type).get())
        } catch {
            throw .system(operation: "socket", error)
        }
    }

    /// TCP_NODELAY on a socket made elsewhere (FlyingFox's, in the simulator).
    public static func noDelay(_ fd: FileDescriptor) {
        Syscall.setOption(fd.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    private static func withAddress<T>(_ host: String, _ port: UInt16, passive: Bool,
                                       _ body: (UnsafePointer<sockaddr>, socklen_t, Int32) throws(SocketError) -> T) throws(SocketError) -> T {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = (passive ? AI_PASSIVE : 0) | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list, let address = first.pointee.ai_addr else {
            throw .invalidAddress("\(host):\(port)")
        }
        defer { freeaddrinfo(list) }
        return try body(address, first.pointee.ai_addrlen, first.pointee.ai_family)
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
        // An IPv4 peer reaching a listener on [::] shows up as ::ffff:a.b.c.d; allow-lists name a.b.c.d.
        return address.hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }
}
