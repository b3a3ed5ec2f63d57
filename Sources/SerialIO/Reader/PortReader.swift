import Glibc
import Logging
import POSIX
import Synchronization

/// Keeps one serial port open and read for the life of the agent. Reads happen on a dedicated
/// thread that sleeps in `poll` until bytes, silence, a hang-up or a stop request. A hang-up
/// (POLLHUP, read() == 0, EIO) closes the port and reopens it with backoff; each outage is logged
/// once when it starts and once when it ends, not on every retry.
public final class PortReader: Sendable {
    public let configuration: PortConfiguration
    private let logger: Logger
    /// What the port is for, in log lines and the thread name: `scanner`, `console`.
    public let role: String
    private let backoff: ReconnectBackoff
    private let wake: (read: FileDescriptor, write: FileDescriptor)
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var port: (any SerialPort)?
        var thread: DedicatedThread?
        var stopping = false
        /// How many times the port has been opened; names one connection (one cable plugged in).
        var connection = 0
    }

    /// Fails only for what no retry can fix: invalid settings, or no pipe/thread for the reader.
    public init(
        configuration: PortConfiguration, backoff: ReconnectBackoff = ReconnectBackoff(),
        role: String = "scanner", logger: Logger
    ) throws(SerialPortError) {
        try configuration.settings.validate()
        let pipe: (read: FileDescriptor, write: FileDescriptor)
        do throws(Errno) {
            pipe = try FileDescriptor.pipe()
        } catch {
            throw .system(operation: "pipe", path: configuration.location.description, errno: error.rawValue)
        }
        self.configuration = configuration
        self.backoff = backoff
        self.logger = logger
        self.role = role
        self.wake = pipe
    }

    deinit {
        stop()
        wake.read.close()
        wake.write.close()
    }

    /// Starts reading on a new thread; `onExit` runs on that thread after the last delegate call.
    public func start(delegate: some PortReaderDelegate, onExit: @escaping @Sendable () -> Void = {}) throws(SerialPortError) {
        do throws(Errno) {
            let thread = try DedicatedThread.start(name: "\(role)-read") { [self] in
                run(delegate)
                onExit()
            }
            state.withLock { $0.thread = thread }
        } catch {
            throw .system(operation: "pthread_create", path: configuration.location.description, errno: error.rawValue)
        }
    }

    /// Stops the reader and waits for its thread; the port is closed when this returns.
    public func stop() {
        let thread: DedicatedThread? = state.withLock { state in
            state.stopping = true
            defer { state.thread = nil }
            return state.thread
        }
        guard let thread else { return }
        wake.write.signal()
        thread.join()
    }

    /// The connection now open (or last open): 1 for the first open, one more for each reopen.
    /// Read it in `portDidOpen` to name the connection that just began.
    public var connection: Int { state.withLock { $0.connection } }

    /// Writes only if `connection` is still the open one: what was meant for a technician whose
    /// cable has gone must not reach whoever plugs in next. Fails with `.hangUp` otherwise.
    public func write(_ bytes: [UInt8], connection: Int) throws(SerialPortError) {
        try state.withLock { (state) throws(SerialPortError) in
            guard let port = state.port, state.connection == connection else { throw .hangUp(path: configuration.location.description) }
            try port.write(bytes)
        }
    }

    /// True while the port is open.
    public var isConnected: Bool { state.withLock { $0.port != nil } }

    /// Sends bytes to the scanner (host trigger commands). Fails with `.hangUp` while it is away.
    public func write(_ bytes: [UInt8]) throws(SerialPortError) {
        try state.withLock { (state) throws(SerialPortError) in
            guard let port = state.port else { throw .hangUp(path: configuration.location.description) }
            try port.write(bytes)
        }
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func run(_ delegate: some PortReaderDelegate) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { buffer.deallocate() }
        var backoff = self.backoff
        var outage: Outage?
        while !stopping {
            let port: any SerialPort
            do {
                port = try configuration.open()
            } catch {
                let delay = backoff.next()
                if outage?.error != error {
                    // The first delay says whether the backoff started over after the last reopen.
                    logger.warning("\(role) port unavailable, retrying", metadata: [
                        "port": "\(configuration.location)", "error": "\(error)", "retry_ms": "\(delay.milliseconds)",
                    ])
                }
                outage = outage?.retried(error) ?? Outage(error: error)
                if waitForStop(delay) { break }
                continue
            }
            if let outage {
                logger.notice("\(role) port back", metadata: [
                    "port": "\(port.path)", "attempts": "\(outage.attempts)",
                    "down_ms": "\((ContinuousClock.now - outage.since).milliseconds)",
                ])
            } else {
                logger.info("\(role) port open", metadata: ["port": "\(port.path)", "settings": "\(configuration.settings)"])
            }
            outage = nil
            backoff.reset()
            state.withLock { state in
                state.port = port
                state.connection += 1
            }
            delegate.portDidOpen(path: port.path)
            let closedBy = read(port, into: buffer, delegate)
            state.withLock { $0.port = nil }
            port.close()
            guard let error = closedBy else { break }
            logger.warning("\(role) port lost, reopening", metadata: ["port": "\(port.path)", "error": "\(error)"])
            delegate.portDidClose(error)
            outage = Outage(error: error)
        }
    }

    /// Reads until the port goes away (returns why) or a stop is requested (returns nil).
    private func read(_ port: any SerialPort, into buffer: UnsafeMutableRawBufferPointer, _ delegate: some PortReaderDelegate) -> SerialPortError? {
        var fds = [
            pollfd(fd: port.fileDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.read.rawValue, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let timeout = delegate.quietTimeout.map { Int32(clamping: max(1, $0.milliseconds)) } ?? -1
            let ready: Int32
            do throws(Errno) {
                ready = try FileDescriptor.poll(&fds, timeoutMilliseconds: timeout)
            } catch {
                return .system(operation: "poll", path: port.path, errno: error.rawValue)
            }
            if ready == 0 {
                delegate.portWentQuiet()
                continue
            }
            if fds[1].revents != 0 { return nil }
            let events = Int32(fds[0].revents)
            if events & Int32(POLLIN) != 0 {
                // Data may arrive together with the hang-up: read it first, the next read reports the end.
                do {
                    let count = try port.read(into: buffer)
                    guard count > 0 else { return .hangUp(path: port.path) }  // POLLIN then nothing: end of file
                    delegate.portDidReceive(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                } catch {
                    return error
                }
            } else if events & Int32(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return .hangUp(path: port.path)
            }
        }
    }

    /// Sleeps for `delay` unless a stop is requested first; true when it was.
    private func waitForStop(_ delay: Duration) -> Bool {
        var fds = [pollfd(fd: wake.read.rawValue, events: Int16(POLLIN), revents: 0)]
        _ = try? FileDescriptor.poll(&fds, timeoutMilliseconds: Int32(clamping: delay.milliseconds))
        return stopping
    }

    private struct Outage {
        var error: SerialPortError
        var since = ContinuousClock.now
        var attempts = 1

        func retried(_ error: SerialPortError) -> Outage {
            Outage(error: error, since: since, attempts: attempts + 1)
        }
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
