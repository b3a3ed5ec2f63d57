/// What the console shows about the indicators: which outputs work and which are down, and why.
public struct IndicatorStatus: Hashable, Sendable, CustomStringConvertible {
    public enum Health: Hashable, Sendable {
        case ok
        case down(String)
    }

    public var outputs: [OutputName: Health]
    /// The event whose pattern is showing, `nil` before the driver starts.
    public var showing: IndicatorEvent?

    public init(outputs: [OutputName: Health] = [:], showing: IndicatorEvent? = nil) {
        self.outputs = outputs
        self.showing = showing
    }

    /// Outputs that are down, in name order.
    public var down: [OutputName] {
        outputs.filter { if case .down = $0.value { true } else { false } }.keys.sorted()
    }

    /// True when at least one output is down but the agent is carrying on without it.
    public var isDegraded: Bool { !down.isEmpty }

    /// One line per output for the console, down outputs with their reason:
    ///
    ///     buzzer ok
    ///     led.green DOWN: no gpiochip labelled "pinctrl-bcm2711" (…)
    public var description: String {
        outputs.sorted { $0.key < $1.key }.map { output, health in
            switch health {
            case .ok: "\(output) ok"
            case .down(let reason): "\(output) DOWN: \(reason)"
            }
        }.joined(separator: "\n")
    }
}
