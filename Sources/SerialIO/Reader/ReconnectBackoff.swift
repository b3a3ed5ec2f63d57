/// Delays between attempts to reopen a port that went away: quick at first (a USB scanner
/// re-enumerates in a few hundred milliseconds), then capped at half a second so a scanner
/// plugged back after a long absence is reading again in under a second (the replug drill's
/// max was exactly 1 s with a 1 s cap). A missing path costs one failed open() per try.
public struct ReconnectBackoff: Hashable, Sendable {
    public var initial: Duration
    public var maximum: Duration
    private var current: Duration?

    public init(initial: Duration = .milliseconds(50), maximum: Duration = .milliseconds(500)) {
        self.initial = initial
        self.maximum = maximum
    }

    public mutating func next() -> Duration {
        let delay = current.map { min($0 * 2, maximum) } ?? initial
        current = delay
        return delay
    }

    public mutating func reset() {
        current = nil
    }
}
