/// Decides, without any clock or I/O of its own, which outputs are on at a given instant. The
/// driver feeds it events and instants; tests feed it instants directly, so timing is exact.
///
/// Two layers: the *standing* state (a `repeat=forever` pattern such as idle or armed) and at most
/// one *notice* (a finite pattern such as success) shown on top of it. A notice always shows over a
/// standing state. While a notice plays, a newcomer with a higher priority takes over at once; one
/// with lower or equal priority waits until the notice's minimum-visible time has passed. When a
/// notice ends, waiting notices play (highest priority first), then the standing state resumes.
/// Identical waiting notices coalesce, so the queue is bounded by the number of events.
public struct IndicatorEngine<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    struct Playing: Sendable {
        var event: IndicatorEvent
        var pattern: Pattern
        var started: Instant
        var stepIndex = 0
        var stepStarted: Instant
        var passes = 0

        var holdEnd: Instant { started.advanced(by: pattern.minimumVisible) }
        var stepEnd: Instant? {
            guard pattern.steps.indices.contains(stepIndex), pattern.cycleLength > .zero else { return nil }
            return stepStarted.advanced(by: pattern.steps[stepIndex].duration)
        }
        var lit: Set<OutputName> { pattern.steps.indices.contains(stepIndex) ? pattern.steps[stepIndex].on : [] }
    }

    public let book: PatternBook
    public let outputs: [OutputName]
    private(set) var standingEvent: IndicatorEvent
    private var current: Playing
    private var waiting: [IndicatorEvent] = []
    private var standingChangedDuringHold = false
    private var levels: [OutputName: Bool]
    private let origin: Instant

    /// Starts in the standing state `initial` with every output off (the safe state the backend
    /// has already set), so the first call to ``advance(to:)`` lights the first step.
    public init(book: PatternBook, outputs: some Sequence<OutputName>, initial: IndicatorEvent = .idle, at now: Instant) {
        self.book = book
        self.outputs = Set(outputs).sorted()
        self.standingEvent = initial
        self.origin = now
        self.current = Playing(event: initial, pattern: book[initial], started: now, stepStarted: now)
        self.levels = Dictionary(uniqueKeysWithValues: self.outputs.map { ($0, false) })
    }

    /// The event whose pattern is showing now.
    public var showing: IndicatorEvent { current.event }

    /// When ``advance(to:)`` next has something to do; `nil` when the picture is steady for good.
    public var nextDeadline: Instant? {
        let stepEnd = current.stepEnd
        guard hasDeferred, !current.pattern.isStanding else { return stepEnd }
        guard let stepEnd else { return current.holdEnd }
        return min(stepEnd, current.holdEnd)
    }

    /// Takes an event at `now` and returns the output changes it causes.
    public mutating func receive(_ event: IndicatorEvent, at now: Instant) -> [OutputWrite] {
        var writes = advance(to: now)
        let pattern = book[event]
        if current.pattern.isStanding {
            if pattern.isStanding {
                standingEvent = event
                if event != current.event { show(event, at: now) }
            } else {
                show(event, at: now)
            }
        } else if pattern.priority > current.pattern.priority || now >= current.holdEnd {
            if pattern.isStanding {
                standingEvent = event
                waiting.removeAll()
                standingChangedDuringHold = false
            }
            show(event, at: now)
        } else if pattern.isStanding {
            standingEvent = event
            standingChangedDuringHold = true
        } else if !waiting.contains(event) {
            // A burst of results (a queue flushed after an outage) would otherwise replay one 2 s
            // notice per payment for minutes, long after the counter moved on: the same notice
            // waits once. The POS and the journal keep every result; the light shows what happened.
            waiting.append(event)
        }
        writes += settle(at: now)
        return writes
    }

    /// Moves time forward to `now`, running every step, hold and end that falls due, and returns
    /// the output changes. Steps that fell due and passed while the caller was late are skipped:
    /// only the picture at `now` is written.
    public mutating func advance(to now: Instant) -> [OutputWrite] {
        while let deadline = nextDeadline, deadline <= now {
            if hasDeferred, !current.pattern.isStanding, current.holdEnd <= deadline {
                endNotice(at: current.holdEnd)
            } else {
                nextStep(at: deadline)
            }
        }
        return settle(at: now)
    }

    /// The writes that turn every output off, for start, shutdown and restart.
    public mutating func safeState(at now: Instant) -> [OutputWrite] {
        for output in outputs { levels[output] = false }
        return outputs.map { OutputWrite(output: $0, on: false, pattern: OutputWrite.safeStatePattern, elapsed: origin.duration(to: now)) }
    }

    /// An output that came back after being down is off (its reclaim left it so), whatever the
    /// engine last meant it to be: the writes that make it show the current step.
    public mutating func resync(_ output: OutputName, at now: Instant) -> [OutputWrite] {
        levels[output] = false
        return advance(to: now)
    }

    private var hasDeferred: Bool { !waiting.isEmpty || standingChangedDuringHold }

    private mutating func show(_ event: IndicatorEvent, at now: Instant) {
        current = Playing(event: event, pattern: book[event], started: now, stepStarted: now)
        if current.pattern.steps.isEmpty, !current.pattern.isStanding { endNotice(at: now) }
    }

    private mutating func nextStep(at deadline: Instant) {
        current.stepIndex += 1
        current.stepStarted = deadline
        guard current.stepIndex == current.pattern.steps.count else { return }
        current.stepIndex = 0
        current.passes += 1
        if case .times(let count) = current.pattern.repeats, current.passes >= count {
            endNotice(at: deadline)
        }
    }

    /// The next waiting notice with the highest priority (earliest first among equals), else the
    /// standing state, restarted so its rhythm begins cleanly after the notice.
    private mutating func endNotice(at instant: Instant) {
        standingChangedDuringHold = false
        let best = waiting.indices.max { a, b in
            let (pa, pb) = (book[waiting[a]].priority, book[waiting[b]].priority)
            return pa != pb ? pa < pb : a > b
        }
        if let best {
            show(waiting.remove(at: best), at: instant)
        } else {
            show(standingEvent, at: instant)
        }
    }

    private mutating func settle(at now: Instant) -> [OutputWrite] {
        let lit = current.lit
        var writes: [OutputWrite] = []
        for output in outputs {
            let on = lit.contains(output)
            if levels[output] != on {
                levels[output] = on
                writes.append(OutputWrite(output: output, on: on, pattern: current.event.rawValue, elapsed: origin.duration(to: now)))
            }
        }
        return writes
    }
}
