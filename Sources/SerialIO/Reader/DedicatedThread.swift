import CTermios
import Glibc

/// A POSIX thread for a loop that blocks in `poll`. Swift's cooperative pool has one thread per
/// core (one or two on a box); a scanner read blocking one of them would stall every task.
struct DedicatedThread: @unchecked Sendable {  // pthread_t is only joined, by the owner
    private let thread: pthread_t

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Result<DedicatedThread, Errno> {
        let context = Unmanaged.passRetained(Body {
            // Thread names show up in `top -H` and crash dumps.
            _ = ctermios_name_this_thread(String(name.prefix(15)))
            body()
        }).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
            body.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return .failure(Errno(result))
        }
        return .success(DedicatedThread(thread: thread))
    }

    func join() {
        _ = pthread_join(thread, nil)
    }
}
