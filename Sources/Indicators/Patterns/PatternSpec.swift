/// The one-line text form of a ``Pattern``, used in board files and configuration:
///
///     green+buzzer:120ms green:1880ms; repeat=1; priority=80; hold=2s
///
/// Steps are `<outputs>:<duration>` separated by spaces or commas, where outputs is `off` or names
/// joined by `+` (`green`, `led.blue`, `buzzer`). Options follow after `;`: `repeat=<n>|forever`
/// (default forever), `priority=<n>` (default 0) and `hold=<duration>` (minimum visible time,
/// default 0). Durations are `ms` or `s`.
public enum PatternSpec {
    public static func parse(_ text: String) throws(PatternSpecError) -> Pattern {
        let sections = text.split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces() }
        guard let first = sections.first, !(sections.count == 1 && first.isEmpty) else { throw .empty }
        let steps = try parseSteps(first)
        var pattern = Pattern(steps: steps, repeats: .forever, priority: 0)
        for option in sections.dropFirst() where !option.isEmpty {
            try apply(option, to: &pattern)
        }
        if pattern.cycleLength == .zero { throw .zeroLengthCycle }
        return pattern
    }

    /// The canonical spec for a pattern; `parse(render(p)) == p`.
    public static func render(_ pattern: Pattern) -> String {
        let steps = pattern.steps.map { step in
            let names = step.on.sorted().map { $0.isBuzzer ? "buzzer" : String($0.rawValue.dropFirst(4)) }
            return (names.isEmpty ? "off" : names.joined(separator: "+")) + ":" + render(step.duration)
        }
        let repeats = switch pattern.repeats {
        case .forever: "forever"
        case .times(let count): String(count)
        }
        var text = steps.joined(separator: " ") + "; repeat=\(repeats); priority=\(pattern.priority)"
        if pattern.minimumVisible > .zero { text += "; hold=" + render(pattern.minimumVisible) }
        return text
    }

    static func parseSteps(_ text: Substring) throws(PatternSpecError) -> [PatternStep] {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        guard !tokens.isEmpty else { throw .noSteps }
        var steps: [PatternStep] = []
        for token in tokens {
            let parts = token.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw .badStep(String(token)) }
            var on: Set<OutputName> = []
            if parts[0] != "off" {
                for name in parts[0].split(separator: "+", omittingEmptySubsequences: false) {
                    guard let output = OutputName(parsing: name) else { throw .unknownOutput(String(name)) }
                    on.insert(output)
                }
            }
            steps.append(PatternStep(on: on, duration: try parseDuration(parts[1])))
        }
        return steps
    }

    static func apply(_ option: Substring, to pattern: inout Pattern) throws(PatternSpecError) {
        let pair = option.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
        guard pair.count == 2 else { throw .unknownOption(String(option)) }
        let (key, value) = (String(pair[0]), pair[1])
        switch key {
        case "repeat":
            if value == "forever" {
                pattern.repeats = .forever
            } else if let count = Int(value), count > 0, count <= 10_000 {
                pattern.repeats = .times(count)
            } else {
                throw .badOptionValue(option: key, value: String(value))
            }
        case "priority":
            guard let priority = Int(value), (-1000...1000).contains(priority) else {
                throw .badOptionValue(option: key, value: String(value))
            }
            pattern.priority = priority
        case "hold":
            pattern.minimumVisible = try parseDuration(value)
        default:
            throw .unknownOption(key)
        }
    }

    /// Whole milliseconds only: indicator timing finer than that is invisible and inaudible.
    static func parseDuration(_ text: Substring) throws(PatternSpecError) -> Duration {
        let (number, scale): (Substring, Double) =
            if text.hasSuffix("ms") { (text.dropLast(2), 1) } else if text.hasSuffix("s") { (text.dropLast(1), 1000) } else {
                throw .badDuration(String(text))
            }
        guard let value = Double(number), value >= 0, value * scale <= 600_000, !number.isEmpty,
              number.allSatisfy({ $0.isNumber || $0 == "." })
        else { throw .badDuration(String(text)) }
        // Int64 conversion truncates, which sidesteps libm (rounded() needs it linked explicitly).
        let milliseconds = Int64(value * scale)
        guard Double(milliseconds) == value * scale else { throw .badDuration(String(text)) }
        return .milliseconds(milliseconds)
    }

    static func render(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        return milliseconds % 1000 == 0 && milliseconds > 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

extension Duration {
    /// Whole milliseconds, truncated; the unit every indicator timing is stated in.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
