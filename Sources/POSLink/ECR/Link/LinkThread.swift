import Glibc

/// A POSIX thread for the listener loop, which blocks in `poll`: on a box with one or two cores
/// a blocking loop on Swift's cooperative pool would stall every task.
struct LinkThread: @unchecked Sendable {  // pthread_t is only joined, by the owner
    private let thread: pthread_t

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func start(_ body: @escaping @Sendable () -> Void) -> LinkThread? {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return LinkThread(thread: thread)
    }

    func join() {
        _ = pthread_join(thread, nil)
    }

    /// Lets the thread end on its own; it is never joined.
    func detach() {
        _ = pthread_detach(thread)
    }
}
