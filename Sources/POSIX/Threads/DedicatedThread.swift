import CTermios
import Glibc

/// A POSIX thread of its own, for a loop that blocks (in `poll`, `accept`, `read`). Swift's
/// cooperative pool has one thread per core, one or two on a box: a blocking call there stalls
/// every task. The serial reader, the POS link's listener and writer, the fault proxy and the
/// demo's network link all run on these.
public struct DedicatedThread: @unchecked Sendable {  // pthread_t is only joined or detached, by the owner
    private let thread: pthread_t

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread named `name` (15 bytes at most: top -H, crash dumps).
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(Errno) -> DedicatedThread {
        let context = Unmanaged.passRetained(Body {
            _ = ctermios_name_this_thread(String(name.prefix(15)))
            body()
        }).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw Errno(result)
        }
        return DedicatedThread(thread: thread)
    }

    /// Starts a thread nobody joins; false when none could be made.
    @discardableResult
    public static func detached(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        guard let thread = try? start(name: name, body) else { return false }
        thread.detach()
        return true
    }

    public func join() {
        _ = pthread_join(thread, nil)
    }

    /// Lets the thread end on its own; it is never joined.
    public func detach() {
        _ = pthread_detach(thread)
    }

    /// Sleeps the calling thread: for dedicated threads only, never a task.
    public static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}
