import Glibc

/// The time the engine journals and schedules by: Unix milliseconds, because the journal outlives
/// the process (a monotonic clock restarts at boot). Tests use a clock they move by hand.
public protocol WallClock: Sendable {
    func now() -> Int64
}

public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
