/// Monotonic time for idle logout and PIN lockout. Tests move a manual clock instead of sleeping.
public protocol ConsoleClock: Sendable {
    /// Time since an arbitrary fixed origin.
    func now() -> Duration
}

public struct SystemConsoleClock: ConsoleClock {
    private let origin = ContinuousClock.now
    public init() {}
    public func now() -> Duration { ContinuousClock.now - origin }
}
