import Console
import Synchronization

/// Time the test moves by hand: lockouts and idle logouts without sleeping.
final class ManualConsoleClock: ConsoleClock {
    private let current = Mutex(Duration.seconds(1000))
    func now() -> Duration { current.withLock { $0 } }
    func advance(_ by: Duration) { current.withLock { $0 += by } }
}
