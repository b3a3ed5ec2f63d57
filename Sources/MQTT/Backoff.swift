/// Reconnect delays: 0.5 s doubling to a ceiling (30 s), each with up to 25 % taken off at
/// random, so 10 000 boxes that lost one broker do not all knock again in the same second.
public struct Backoff: Sendable {
    public let first: Duration
    public let ceiling: Duration
    private var next: Duration

    public init(first: Duration = .milliseconds(500), ceiling: Duration = .seconds(30)) {
        self.first = first
        self.ceiling = ceiling
        next = first
    }

    /// The delay before the next try, and the one after it doubled.
    public mutating func delay<R: RandomNumberGenerator>(using random: inout R) -> Duration {
        let base = next
        next = min(ceiling, next * 2)
        return base - base * Double.random(in: 0..<0.25, using: &random)
    }

    public mutating func delay() -> Duration {
        var random = SystemRandomNumberGenerator()
        return delay(using: &random)
    }

    /// After a connection the broker accepted.
    public mutating func reset() { next = first }
}
