/// The pattern for every ``IndicatorEvent``: the built-in defaults, then a board's overrides, then
/// configuration's, each layer given as spec strings keyed by the event's raw value.
public struct PatternBook: Sendable, Hashable {
    public private(set) var patterns: [IndicatorEvent: Pattern]

    public init(_ patterns: [IndicatorEvent: Pattern]) { self.patterns = patterns }

    public subscript(event: IndicatorEvent) -> Pattern {
        // Every layer starts from `defaults`, which covers every case, so the fallback never shows.
        patterns[event] ?? PatternBook.defaults.patterns[event] ?? Pattern(steps: [], repeats: .times(1), priority: 0)
    }

    /// Returns this book with some events' patterns replaced by parsed specs.
    /// Unknown event keys and bad specs are errors: a silent typo would leave a default playing.
    public func overriding(with specs: [String: String]) throws(PatternBookError) -> PatternBook {
        var book = self
        for (key, spec) in specs.sorted(by: { $0.key < $1.key }) {
            guard let event = IndicatorEvent(rawValue: key) else { throw .unknownEvent(key) }
            do {
                book.patterns[event] = try PatternSpec.parse(spec)
            } catch {
                throw .badSpec(event: key, error)
            }
        }
        return book
    }

    /// Every output some pattern in this book uses.
    public var outputs: Set<OutputName> { patterns.values.reduce(into: []) { $0.formUnion($1.outputs) } }

    /// Green + one short beep = paid; red + triple beep = declined; amber blinking = waiting;
    /// fast red = needs a technician. Priorities: standing states low, outcomes high, faults highest.
    public static let defaultSpecs: [IndicatorEvent: String] = [
        .idle: "green:80ms off:2920ms; repeat=forever; priority=0",
        .armed: "amber:500ms off:500ms; repeat=forever; priority=10",
        .processing: "amber:150ms off:150ms; repeat=forever; priority=20",
        .waitingForPassword: "amber:250ms off:250ms amber:250ms off:1250ms; repeat=forever; priority=30",
        .success: "green+buzzer:120ms green:1880ms; repeat=1; priority=80; hold=2s",
        .declined: "red+buzzer:150ms red:100ms red+buzzer:150ms red:100ms red+buzzer:150ms red:1350ms; repeat=1; priority=80; hold=2s",
        .notAPaymentCode: "red+buzzer:60ms off:90ms red+buzzer:60ms off:790ms; repeat=1; priority=50; hold=1s",
        .offlineQueued: "amber+buzzer:100ms amber:100ms amber+buzzer:100ms amber:1700ms; repeat=1; priority=70; hold=2s",
        .expired: "red+buzzer:600ms off:200ms red:400ms off:200ms red:400ms off:200ms; repeat=1; priority=60; hold=2s",
        .deviceFault: "red:100ms off:100ms red:100ms off:700ms; repeat=forever; priority=100",
        .identify: "green+buzzer:50ms green:200ms amber:250ms red:250ms; repeat=12; priority=90; hold=3s",
    ]

    public static let defaults: PatternBook = {
        var patterns: [IndicatorEvent: Pattern] = [:]
        for (event, spec) in defaultSpecs {
            // The defaults are checked by a test; a bad one degrades to "no pattern", never a crash.
            if let pattern = try? PatternSpec.parse(spec) { patterns[event] = pattern }
        }
        return PatternBook(patterns)
    }()
}

/// Why a layer of pattern overrides was refused.
public enum PatternBookError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownEvent(String)
    case badSpec(event: String, PatternSpecError)

    public var description: String {
        switch self {
        case .unknownEvent(let key):
            "\"\(key)\" is not an indicator event (known: \(IndicatorEvent.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .badSpec(let event, let error):
            "pattern for \"\(event)\": \(error)"
        }
    }
}
