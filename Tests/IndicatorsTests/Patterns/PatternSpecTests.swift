import Indicators
import Testing

@Suite("Pattern specs")
struct PatternSpecTests {
    @Test func parsesStepsAndOptions() throws {
        let pattern = try PatternSpec.parse("green+buzzer:120ms green:1.5s, off:380ms; repeat=2; priority=80; hold=2s")
        #expect(pattern.steps == [
            PatternStep(on: [.green, .buzzer], duration: .milliseconds(120)),
            PatternStep(on: [.green], duration: .milliseconds(1500)),
            PatternStep(on: [], duration: .milliseconds(380)),
        ])
        #expect(pattern.repeats == .times(2))
        #expect(pattern.priority == 80)
        #expect(pattern.minimumVisible == .seconds(2))
        #expect(pattern.cycleLength == .seconds(2))
    }

    @Test func optionsDefaultToAStandingStateOfPriorityZero() throws {
        let pattern = try PatternSpec.parse("led.blue:1s off:1s")
        #expect(pattern.repeats == .forever)
        #expect(pattern.priority == 0)
        #expect(pattern.minimumVisible == .zero)
        #expect(pattern.outputs == [.blue])
    }

    @Test(arguments: IndicatorEvent.allCases)
    func everyDefaultRoundTrips(event: IndicatorEvent) throws {
        let pattern = PatternBook.defaults[event]
        #expect(!pattern.steps.isEmpty, "default for \(event) failed to parse")
        #expect(try PatternSpec.parse(PatternSpec.render(pattern)) == pattern)
    }

    @Test(arguments: [
        ("", PatternSpecError.empty),
        ("; repeat=1", .noSteps),
        ("green", .badStep("green")),
        ("purple!:1s", .unknownOutput("purple!")),
        ("green:fast", .badDuration("fast")),
        ("green:1.0005s", .badDuration("1.0005s")),
        ("green:0ms off:0ms", .zeroLengthCycle),
        ("green:1s; loudness=3", .unknownOption("loudness")),
        ("green:1s; repeat=0", .badOptionValue(option: "repeat", value: "0")),
        ("green:1s; priority=high", .badOptionValue(option: "priority", value: "high")),
    ])
    func refusesBadSpecsWithTheReason(spec: String, expected: PatternSpecError) {
        #expect(throws: expected) { try PatternSpec.parse(spec) }
    }

    @Test func errorTextsNameTheBadToken() {
        #expect(PatternSpecError.unknownOutput("purple!").description.contains("\"purple!\""))
        #expect(PatternSpecError.badStep("green").description.contains("<outputs>:<duration>"))
    }
}
