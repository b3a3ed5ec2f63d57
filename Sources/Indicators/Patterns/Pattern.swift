/// One step of a pattern: which outputs are on, for how long. Outputs the step does not name are
/// off, so a step is a complete picture and a pattern never leaves an output on by accident.
public struct PatternStep: Hashable, Sendable {
    public var on: Set<OutputName>
    public var duration: Duration

    public init(on: Set<OutputName>, duration: Duration) {
        self.on = on
        self.duration = duration
    }
}

/// How often a pattern's steps play.
public enum PatternRepeat: Hashable, Sendable {
    /// A standing state (idle, armed, processing …): plays until another event replaces it.
    case forever
    /// A notice (success, declined …): plays its steps this many times, then the standing state returns.
    case times(Int)
}

/// An indicator pattern: data, not code, so boards and configuration can replace any of them.
public struct Pattern: Hashable, Sendable {
    public var steps: [PatternStep]
    public var repeats: PatternRepeat
    /// Higher pre-empts lower. Lower-or-equal waits while this pattern's ``minimumVisible`` runs.
    public var priority: Int
    /// The merchant must get to see this pattern for at least this long, whatever arrives next
    /// (unless it has a higher priority). Zero for patterns anything may interrupt.
    public var minimumVisible: Duration

    public init(steps: [PatternStep], repeats: PatternRepeat, priority: Int, minimumVisible: Duration = .zero) {
        self.steps = steps
        self.repeats = repeats
        self.priority = priority
        self.minimumVisible = minimumVisible
    }

    /// A standing state rather than a notice that ends by itself.
    public var isStanding: Bool { repeats == .forever }

    /// Every output this pattern ever turns on.
    public var outputs: Set<OutputName> { steps.reduce(into: []) { $0.formUnion($1.on) } }

    /// One pass over the steps.
    public var cycleLength: Duration { steps.reduce(.zero) { $0 + $1.duration } }
}
