/// Why a pattern spec string was refused. Each case carries enough to point at the bad token.
public enum PatternSpecError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case noSteps
    case badStep(String)
    case unknownOutput(String)
    case badDuration(String)
    case zeroLengthCycle
    case unknownOption(String)
    case badOptionValue(option: String, value: String)

    public var description: String {
        switch self {
        case .empty: "the pattern spec is empty"
        case .noSteps: "the pattern has no steps (expected e.g. \"green:100ms off:900ms\")"
        case .badStep(let step): "step \"\(step)\" is not <outputs>:<duration>, e.g. \"green+buzzer:120ms\" or \"off:1s\""
        case .unknownOutput(let name): "\"\(name)\" is not an output (use buzzer, green, red, amber or led.<colour>)"
        case .badDuration(let text): "\"\(text)\" is not a duration (use e.g. 120ms or 1.5s, at most 10 minutes)"
        case .zeroLengthCycle: "the steps add up to zero time; a repeating pattern needs a length"
        case .unknownOption(let option): "unknown option \"\(option)\" (use repeat=, priority= or hold=)"
        case .badOptionValue(let option, let value): "\"\(value)\" is not a valid value for \(option)="
        }
    }
}
