/// Monotonic time for idle logout and PIN lockout, read from any standard-library `Clock`:
/// `ContinuousClock` on a box, a clock the test steps by hand in tests. Time since the clock was
/// wrapped, so a session compares durations and never instants of unknown type.
public struct ConsoleClock: Sendable {
    public let now: @Sendable () -> Duration

    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        now = { origin.duration(to: clock.now) }
    }

    public static var system: ConsoleClock { ConsoleClock(ContinuousClock()) }
}
