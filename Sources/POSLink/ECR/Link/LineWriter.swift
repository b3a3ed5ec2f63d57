import Glibc
import Logging
import POSIX
import Synchronization

/// Sends the source's lines to the POS from a thread of its own, in order. A POS that stops
/// reading (a TCP peer gone quiet, a serial line held by flow control) then blocks only this
/// thread: never the source's actor, so scans and other orders carry on. Lines beyond
/// `capacity` are dropped; results are durable and come back with the next resynchronisation.
final class LineWriter: Sendable {
    private let capacity: Int
    private let logger: Logger
    private let wake: (read: FileDescriptor, write: FileDescriptor)
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
        guard let wake = try? FileDescriptor.pipe() else { return nil }
        self.capacity = capacity
        self.logger = logger
        self.wake = wake
        // Never joined: a write stuck on a wedged line must not hold up a stop.
        let started = DedicatedThread.detached(name: "pos-writer") { [queue, wake, logger] in
            Self.run(queue, wake: wake.read, logger: logger, write: write)
            wake.read.close()
        }
        guard started else {
            wake.read.close()
            wake.write.close()
            return nil
        }
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
        if queued { wake.write.signal() }
        return queued
    }

    /// Stops after the line in hand; queued lines are dropped (the next connection resyncs).
    func stop() {
        let first = queue.state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        wake.write.signal()
        wake.write.close()
    }

    private static func run(_ queue: Queue, wake: FileDescriptor, logger: Logger, write: @Sendable (String, Int) -> Bool) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            var fds = [pollfd(fd: wake.rawValue, events: Int16(POLLIN), revents: 0)]
            _ = try? FileDescriptor.poll(&fds, timeoutMilliseconds: -1)
            _ = try? wake.read(into: buffer)
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
