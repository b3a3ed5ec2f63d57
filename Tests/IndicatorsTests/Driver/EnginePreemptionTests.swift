import Indicators
import Testing

@Suite("Pre-emption and minimum-visible time")
struct EnginePreemptionTests {
    @Test func aStateArrivingDuringTheHoldWaitsUntilTheHoldEnds() {
        var timeline = Timeline()
        _ = timeline.send(.success)
        _ = timeline.run(until: 500)
        #expect(timeline.send(.armed) == [], "success stays visible")
        #expect(timeline.run(until: 1999).isEmpty)
        #expect(timeline.run(until: 2000) == ["led.amber=1@2000", "led.green=0@2000"])
        #expect(timeline.engine.showing == .armed)
    }

    @Test func anEqualPriorityNoticeWaitsForTheHold() {
        var timeline = Timeline()
        _ = timeline.send(.success)
        _ = timeline.run(until: 300)
        #expect(timeline.send(.declined) == [])
        #expect(timeline.run(until: 2000) == ["buzzer=1@2000", "led.green=0@2000", "led.red=1@2000"])
        #expect(timeline.engine.showing == .declined)
    }

    @Test func aHigherPriorityEventPreemptsAtOnce() {
        var timeline = Timeline()
        _ = timeline.send(.success)
        _ = timeline.run(until: 50)
        #expect(timeline.send(.deviceFault) == ["buzzer=0@50", "led.green=0@50", "led.red=1@50"])
        #expect(timeline.engine.showing == .deviceFault)
    }

    @Test func identifyPreemptsAnOutcomeButNotAFault() {
        var timeline = Timeline()
        _ = timeline.send(.success)
        _ = timeline.run(until: 500)
        _ = timeline.send(.identify)
        #expect(timeline.engine.showing == .identify)
        _ = timeline.send(.deviceFault)
        #expect(timeline.engine.showing == .deviceFault)
    }

    @Test func afterTheHoldAnyNewcomerReplacesTheNotice() {
        var timeline = Timeline()
        _ = timeline.send(.identify)  // 9 s long, 3 s hold
        _ = timeline.run(until: 1000)
        _ = timeline.send(.notAPaymentCode)
        #expect(timeline.engine.showing == .identify, "within the hold")
        _ = timeline.run(until: 3000)
        #expect(timeline.engine.showing == .notAPaymentCode, "waiting notice shows when the hold ends")
        _ = timeline.run(until: 5000)
        _ = timeline.send(.identify)
        _ = timeline.run(until: 8000)
        _ = timeline.send(.processing)
        #expect(timeline.engine.showing == .processing, "a state ends a notice whose hold is over")
    }

    @Test func waitingNoticesPlayHighestPriorityFirstThenTheState() {
        var timeline = Timeline()
        _ = timeline.send(.success)
        _ = timeline.send(.notAPaymentCode)  // priority 50
        _ = timeline.send(.offlineQueued)  // priority 70
        _ = timeline.send(.armed)
        _ = timeline.run(until: 2000)
        #expect(timeline.engine.showing == .offlineQueued)
        _ = timeline.run(until: 4000)
        #expect(timeline.engine.showing == .notAPaymentCode)
        _ = timeline.run(until: 5000)
        #expect(timeline.engine.showing == .armed)
    }

    @Test func aBurstOfTheSameResultBeepsOnceMoreNotOncePerPayment() {
        var timeline = Timeline()
        _ = timeline.send(.success)
        for _ in 0..<200 { _ = timeline.send(.success) }  // a queue flushed when the link came back
        _ = timeline.send(.declined)
        _ = timeline.send(.success)
        let changes = timeline.run(until: 12_000)
        // One waiting success (one beep at 2 s), then the decline's triple beep: not 201 notices.
        #expect(changes.filter { $0.hasPrefix("buzzer=1") } == ["buzzer=1@2000", "buzzer=1@4000", "buzzer=1@4250", "buzzer=1@4500"])
        #expect(timeline.engine.showing == .idle)
    }

    @Test func aStateThatPreemptsDropsTheWaitingNotices() {
        var timeline = Timeline()
        _ = timeline.send(.success)
        _ = timeline.send(.notAPaymentCode)
        _ = timeline.send(.deviceFault)
        _ = timeline.run(until: 10_000)
        #expect(timeline.engine.showing == .deviceFault)
    }

    @Test func statesReplaceStatesAtOnceAndRepeatsDoNotRestart() {
        var timeline = Timeline(initial: .armed)
        _ = timeline.run(until: 200)
        #expect(timeline.send(.armed) == [], "same state: the blink keeps its rhythm")
        #expect(timeline.engine.nextDeadline == ManualClock.Instant(offset: .milliseconds(500)))
        _ = timeline.send(.processing)
        #expect(timeline.engine.showing == .processing)
        #expect(timeline.engine.nextDeadline == ManualClock.Instant(offset: .milliseconds(350)))
    }

    @Test func aNoticeShowsOverAnyStandingState() {
        var timeline = Timeline(initial: .deviceFault)
        _ = timeline.run(until: 100)
        _ = timeline.send(.success)
        #expect(timeline.engine.showing == .success, "a payment result is never hidden by a state")
        _ = timeline.run(until: 2099)
        #expect(timeline.engine.showing == .success)
        _ = timeline.run(until: 2100)
        #expect(timeline.engine.showing == .deviceFault)
    }
}
