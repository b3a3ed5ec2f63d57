import Glibc

/// The POSIX socket calls the proxy makes, in one place. Every descriptor is close-on-exec: a
/// soak runs the agent as a child process, which must not inherit the proxy's sockets.
enum Sockets {
    /// A loopback TCP socket bound to `port` (0: ephemeral). `listening: false` holds the port
    /// while connects to it are refused, so no other server can take it during an outage.
    static func bind(port: UInt16, listening: Bool) throws(FaultProxyError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FaultProxyError(call: "socket", errno: errno) }
        var yes: Int32 = 1
        // Connections of the previous listener may sit in TIME_WAIT on this port.
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw failure("bind", closing: fd) }
        if listening, Glibc.listen(fd, 64) != 0 { throw failure("listen", closing: fd) }
        return fd
    }

    static func boundPort(_ fd: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Waits up to `milliseconds` for a connection; nil when none came.
    static func accept(_ listener: Int32, waitingAtMost milliseconds: Int32) -> Int32? {
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) > 0 else { return nil }
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        noDelay(fd)
        return fd
    }

    static func connect(host: String, port: UInt16) throws(FaultProxyError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FaultProxyError(call: "socket", errno: errno) }
        var address = loopback(port)
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw failure("connect", closing: fd) }
        noDelay(fd)
        return fd
    }

    /// Writes everything or reports false (the peer went away).
    static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Closes with an RST instead of a FIN: zero linger discards what is unsent and resets.
    static func reset(_ fd: Int32) {
        var abortive = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    /// Small responses must leave at once, not after a delayed ACK (see NoDelaySocketPool).
    private static func noDelay(_ fd: Int32) {
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func failure(_ call: String, closing fd: Int32) -> FaultProxyError {
        let error = FaultProxyError(call: call, errno: errno)
        close(fd)
        return error
    }
}

extension Sockets {
    /// False when the peer has closed (or reset) the connection: readable with nothing to read.
    /// A byte waiting to be read means it is open; the caller's reader will take it.
    static func isOpen(_ fd: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN) | 0x2000 /* POLLRDHUP, not imported */, revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return true }
        if entry.revents & (Int16(POLLERR) | Int16(POLLHUP)) != 0 { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) > 0
    }
}
