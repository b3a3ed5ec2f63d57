import Settlement
import Synchronization

/// A wall clock the test moves by hand: the engine's schedule, and the amount sources' timeouts,
/// without sleeping.
public final class ManualClock: WallClock {
    private let millis: Mutex<Int64>

    public init(epochMilliseconds: Int64 = 1_800_000_000_000) {
        millis = Mutex(epochMilliseconds)
    }

    public func now() -> Int64 { millis.withLock { $0 } }

    public func advance(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        millis.withLock { $0 += seconds * 1000 + attoseconds / 1_000_000_000_000_000 }
    }
}
