import Indicators
import Testing

@Suite("Pattern book")
struct PatternBookTests {
    @Test func defaultsCoverEveryEvent() {
        #expect(Set(PatternBook.defaults.patterns.keys) == Set(IndicatorEvent.allCases))
        #expect(PatternBook.defaults.outputs == Set(OutputName.standard))
    }

    @Test func successIsGreenWithOneShortBeep() {
        let success = PatternBook.defaults[.success]
        #expect(success.outputs == [.green, .buzzer])
        #expect(beeps(in: success).count == 1)
        #expect(beeps(in: success).allSatisfy { $0 <= .milliseconds(200) })
        #expect(success.minimumVisible >= .seconds(1))
    }

    @Test func declinedIsRedWithTripleBeep() {
        let declined = PatternBook.defaults[.declined]
        #expect(declined.outputs == [.red, .buzzer])
        #expect(beeps(in: declined).count == 3)
        #expect(declined.minimumVisible >= .seconds(1))
    }

    @Test(arguments: [IndicatorEvent.armed, .processing, .waitingForPassword])
    func waitingStatesBlinkAmberSilently(event: IndicatorEvent) {
        let pattern = PatternBook.defaults[event]
        #expect(pattern.outputs == [.amber])
        #expect(pattern.isStanding)
        #expect(pattern.steps.contains { $0.on.isEmpty }, "blinking needs an off step")
    }

    @Test func outcomesOutrankStatesAndFaultsOutrankAll() {
        let book = PatternBook.defaults
        let states: [IndicatorEvent] = [.idle, .armed, .processing, .waitingForPassword]
        for state in states {
            #expect(book[state].priority < book[.success].priority)
            #expect(book[state].isStanding)
        }
        #expect(IndicatorEvent.allCases.filter { $0 != .deviceFault }.allSatisfy { book[$0].priority < book[.deviceFault].priority })
    }

    @Test func overridesReplaceOnlyTheNamedEvents() throws {
        let book = try PatternBook.defaults.overriding(with: ["success": "green:3s; repeat=1; priority=85; hold=3s"])
        #expect(book[.success].cycleLength == .seconds(3))
        #expect(book[.declined] == PatternBook.defaults[.declined])
    }

    @Test func overridesRefuseUnknownEventsAndBadSpecs() {
        #expect(throws: PatternBookError.unknownEvent("sucess")) {
            try PatternBook.defaults.overriding(with: ["sucess": "green:1s"])
        }
        #expect(throws: PatternBookError.badSpec(event: "idle", .badStep("green"))) {
            try PatternBook.defaults.overriding(with: ["idle": "green"])
        }
        #expect(PatternBookError.unknownEvent("sucess").description.contains("success"), "lists the known events")
    }

    private func beeps(in pattern: Pattern) -> [Duration] {
        var beeps: [Duration] = []
        var previousOn = false
        for step in pattern.steps {
            let on = step.on.contains(.buzzer)
            if on, previousOn { beeps[beeps.count - 1] += step.duration } else if on { beeps.append(step.duration) }
            previousOn = on
        }
        return beeps
    }
}
