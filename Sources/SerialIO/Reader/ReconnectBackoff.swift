/// Delays between attempts to reopen a port that went away: quick at first (a USB scanner
/// re-enumerates in a few hundred milliseconds), then capped so a replugged scanner is back
/// within about a second.
public struct ReconnectBackoff: Hashable, Sendable {
    public var initial: Duration
    public var maximum: Duration
    private var current: Duration?

    public init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(1)) {
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
