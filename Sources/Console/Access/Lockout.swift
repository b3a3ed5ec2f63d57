import Synchronization

/// Wrong-PIN accounting shared by every session on a port (a reconnect does not reset it):
/// after `allowedFailures` wrong PINs in a row the console refuses PINs for `baseDelay`, and each
/// further lockout doubles it up to `maximumDelay`. A right PIN clears the count.
public final class Lockout: Sendable {
    public let allowedFailures: Int
    public let baseDelay: Duration
    public let maximumDelay: Duration
    private let state = Mutex(State())

    private struct State {
        var failures = 0
        var lockouts = 0
        var lockedUntil: Duration?
    }

    public init(allowedFailures: Int = 5, baseDelay: Duration = .seconds(30), maximumDelay: Duration = .seconds(900)) {
        self.allowedFailures = allowedFailures
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// How long PINs are still refused, or nil when one may be tried.
    public func remaining(at now: Duration) -> Duration? {
        state.withLock { state in
            guard let until = state.lockedUntil, until > now else { return nil }
            return until - now
        }
    }

    /// Records a wrong PIN; returns the lockout it started, if any.
    public func failed(at now: Duration) -> Duration? {
        state.withLock { state in
            state.failures += 1
            guard state.failures >= allowedFailures else { return nil }
            state.failures = 0
            state.lockouts += 1
            var delay = baseDelay
            for _ in 1..<state.lockouts where delay < maximumDelay { delay = delay * 2 }
            delay = min(delay, maximumDelay)
            state.lockedUntil = now + delay
            return delay
        }
    }

    public func succeeded() {
        state.withLock { state in
            state.failures = 0
            state.lockouts = 0
            state.lockedUntil = nil
        }
    }

    public var failuresSinceLastSuccess: Int { state.withLock { $0.failures } }
}
