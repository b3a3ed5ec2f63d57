import Indicators
import Testing

/// Steps an engine along a manual clock and writes down what changed, as "output=0|1@ms".
struct Timeline {
    let clock = ManualClock()
    var engine: IndicatorEngine<ManualClock.Instant>

    init(book: PatternBook = .defaults, initial: IndicatorEvent = .idle) {
        engine = IndicatorEngine(book: book, outputs: OutputName.standard, initial: initial, at: clock.now)
    }

    /// Advances to `ms` after the start, one deadline at a time (as the driver does), and returns
    /// every change on the way.
    mutating func run(until ms: Int64) -> [String] {
        var changes: [String] = []
        let end = ManualClock.Instant(offset: .milliseconds(ms))
        changes += describe(engine.advance(to: clock.now))
        while let deadline = engine.nextDeadline, deadline <= end {
            clock.advance(by: clock.now.duration(to: deadline))
            changes += describe(engine.advance(to: clock.now))
        }
        clock.advance(by: clock.now.duration(to: end))
        return changes + describe(engine.advance(to: clock.now))
    }

    mutating func send(_ event: IndicatorEvent) -> [String] {
        describe(engine.receive(event, at: clock.now))
    }

    private func describe(_ writes: [OutputWrite]) -> [String] {
        writes.map { "\($0.output.rawValue)=\($0.on ? 1 : 0)@\($0.elapsed.components.seconds * 1000 + $0.elapsed.components.attoseconds / 1_000_000_000_000_000)" }
    }
}

@Suite("Pattern timing (manual clock)")
struct EngineTimingTests {
    @Test func idleHeartbeatBlinksGreenEveryThreeSeconds() {
        var timeline = Timeline()
        #expect(timeline.run(until: 6100) == [
            "led.green=1@0", "led.green=0@80",
            "led.green=1@3000", "led.green=0@3080",
            "led.green=1@6000", "led.green=0@6080",
        ])
        #expect(timeline.engine.showing == .idle)
    }

    @Test func successBeepsOnceThenHoldsGreenThenIdleResumes() {
        var timeline = Timeline()
        _ = timeline.run(until: 1000)
        #expect(timeline.send(.success) == ["buzzer=1@1000", "led.green=1@1000"])
        #expect(timeline.run(until: 3200) == [
            "buzzer=0@1120",
            // success ends at 3000; idle restarts lit, so green simply stays on until idle's off step
            "led.green=0@3080",
        ])
        #expect(timeline.engine.showing == .idle)
    }

    @Test func declinedBeepsThreeTimesOnSteadyRed() {
        var timeline = Timeline(initial: .armed)
        _ = timeline.run(until: 100)
        let onSend = timeline.send(.declined)
        #expect(onSend == ["buzzer=1@100", "led.amber=0@100", "led.red=1@100"])
        let changes = timeline.run(until: 2050)
        #expect(changes.filter { $0.hasPrefix("buzzer=1") } == ["buzzer=1@350", "buzzer=1@600"])
        #expect(changes.filter { $0.hasPrefix("buzzer=0") } == ["buzzer=0@250", "buzzer=0@500", "buzzer=0@750"])
        #expect(!changes.contains { $0.hasPrefix("led.red=0") }, "red stays lit through the beeps")
        // The standing state (armed) comes back when the notice ends at 2100.
        #expect(timeline.run(until: 2150) == ["led.amber=1@2100", "led.red=0@2100"])
    }

    @Test func finiteRepeatsEndOnTheLastStepBoundary() throws {
        let book = try PatternBook.defaults.overriding(with: ["expired": "red:100ms off:100ms; repeat=3; priority=60"])
        var timeline = Timeline(book: book, initial: .armed)
        _ = timeline.run(until: 500)
        _ = timeline.send(.expired)
        let changes = timeline.run(until: 1200)
        #expect(changes.filter { $0.hasPrefix("led.red=1") } == ["led.red=1@700", "led.red=1@900"])
        #expect(changes.contains("led.amber=1@1100"), "armed resumes after 3 × 200 ms")
        #expect(timeline.engine.showing == .armed)
    }

    @Test func lateAdvanceWritesOnlyThePictureAtTheEnd() {
        var timeline = Timeline()
        let writes = timeline.engine.advance(to: ManualClock.Instant(offset: .milliseconds(9040)))
        #expect(writes.map(\.output) == [.green] && writes.map(\.on) == [true], "9040 ms is inside a heartbeat flash")
    }

    @Test func nextDeadlineIsTheNextStepBoundary() {
        var timeline = Timeline()
        _ = timeline.run(until: 0)
        #expect(timeline.engine.nextDeadline == ManualClock.Instant(offset: .milliseconds(80)))
        _ = timeline.run(until: 100)
        #expect(timeline.engine.nextDeadline == ManualClock.Instant(offset: .milliseconds(3000)))
    }

    @Test func safeStateTurnsEverythingOffAndForgetsLevels() {
        var timeline = Timeline()
        _ = timeline.run(until: 10)
        let off = timeline.engine.safeState(at: timeline.clock.now)
        #expect(off.count == OutputName.standard.count)
        #expect(off.allSatisfy { !$0.on && $0.pattern == OutputWrite.safeStatePattern })
        #expect(timeline.run(until: 20) == ["led.green=1@10"], "the lit step is written again after a safe state")
    }
}
