import Glibc
import Logging
import Synchronization

/// Sends the source's lines to the POS from a thread of its own, in order. A POS that stops
/// reading (a TCP peer gone quiet, a serial line held by flow control) then blocks only this
/// thread: never the source's actor, so scans and other orders carry on. Lines beyond
/// `capacity` are dropped; results are durable and come back with the next resynchronisation.
final class LineWriter: Sendable {
    private let capacity: Int
    private let logger: Logger
    private let wake: (read: Int32, write: Int32)
    private let queue = Queue()

    /// Shared with the thread, which may outlive the writer while a write is stuck.
    private final class Queue: Sendable {
        struct State {
            var lines: [(text: String, connection: Int)] = []
            var stopping = false
            var dropped = 0
        }

        let state = Mutex(State())
    }

    init?(capacity: Int = 256, logger: Logger, write: @escaping @Sendable (String, Int) -> Bool) {
        guard let wake = Socket.pipe() else { return nil }
        self.capacity = capacity
        self.logger = logger
        self.wake = wake
        guard let thread = LinkThread.start({ [queue, wake, logger] in
            Self.run(queue, wake: wake.read, logger: logger, write: write)
            Socket.close(wake.read)
        }) else {
            Socket.close(wake.read)
            Socket.close(wake.write)
            return nil
        }
        // Never joined: a write stuck on a wedged line must not hold up a stop.
        thread.detach()
    }

    deinit { stop() }

    /// Lines queued and not yet taken by the thread.
    var pendingCount: Int { queue.state.withLock { $0.lines.count } }

    /// Queues a line for `connection`; false when the queue was full and the line was dropped.
    @discardableResult
    func enqueue(_ line: String, for connection: Int) -> Bool {
        let queued = queue.state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            guard state.lines.count < capacity else {
                state.dropped += 1
                return false
            }
            state.lines.append((line, connection))
            return true
        }
        if queued { Socket.signal(wake.write) }
        return queued
    }

    /// Stops after the line in hand; queued lines are dropped (the next connection resyncs).
    func stop() {
        let first = queue.state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        Socket.signal(wake.write)
        Socket.close(wake.write)
    }

    private static func run(_ queue: Queue, wake: Int32, logger: Logger, write: @Sendable (String, Int) -> Bool) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            _ = Socket.poll(&fds, timeoutMilliseconds: -1)
            _ = buffer.withUnsafeMutableBytes { Socket.read(wake, into: $0) }
            let (lines, stopping, dropped) = queue.state.withLock { state in
                defer {
                    state.lines.removeAll()
                    state.dropped = 0
                }
                return (state.lines, state.stopping, state.dropped)
            }
            if stopping { return }
            if dropped > 0 { logger.warning("POS not reading; lines dropped until it resynchronises", metadata: ["dropped": "\(dropped)"]) }
            for line in lines where !write(line.text, line.connection) {
                logger.debug("POS not connected; line kept for resynchronisation")
            }
        }
    }
}
