/// One board's wiring: where each logical output lives, what kind of buzzer it has, which ports
/// the scanner and the technician's console use, and any pattern overrides. Loaded from
/// `boards/<id>.json` (format in `boards/README.md`) and validated as a whole at load.
public struct BoardProfile: Hashable, Sendable {
    public enum BuzzerType: String, Hashable, Sendable, Codable {
        /// Own oscillator: one GPIO line on/off.
        case active
        /// Bare transducer: needs a PWM square wave at the tone frequency.
        case passive
        case none
    }

    public var id: String
    public var name: String
    /// Device-tree `compatible` strings the board is known by, for matching at start-up.
    public var compatible: [String]
    public var buzzer: BuzzerType
    public var outputs: [OutputName: OutputBinding]
    public var scannerPort: String
    public var consolePort: String
    /// The speaker, when the board has one (a soundbox's codec and amplifier).
    public var audio: AudioBinding? = nil
    /// Pattern overrides as spec strings keyed by event (already checked at load).
    public var patterns: [String: String]
    /// Pin or label choices not verified on real hardware, stated so nobody trusts them blindly.
    public var unverified: [String]
    public var notes: String

    /// The defaults with this board's overrides, then configuration's on top.
    public func patternBook(configuration: [String: String] = [:]) throws(PatternBookError) -> PatternBook {
        try PatternBook.defaults.overriding(with: patterns).overriding(with: configuration)
    }
}

/// A board's speaker: the ALSA PCM it plays on and the amplifier's enable line, if any.
public struct AudioBinding: Hashable, Sendable {
    /// nil: ALSA's `default`.
    public var device: String?
    public var amplifier: AmplifierBinding?

    public init(device: String?, amplifier: AmplifierBinding?) {
        self.device = device
        self.amplifier = amplifier
    }
}

/// The GPIO line that enables a class-D amplifier, and how long it needs before it passes sound.
public struct AmplifierBinding: Hashable, Sendable {
    public var chipLabel: String
    public var lineName: String?
    public var offset: UInt32?
    public var activeLow: Bool
    public var settle: Duration

    public init(chipLabel: String, lineName: String?, offset: UInt32?, activeLow: Bool, settle: Duration) {
        self.chipLabel = chipLabel
        self.lineName = lineName
        self.offset = offset
        self.activeLow = activeLow
        self.settle = settle
    }
}

/// How one logical output is wired.
public enum OutputBinding: Hashable, Sendable {
    /// A libgpiod line (LEDs, or an active buzzer).
    case gpio(GPIOLineBinding)
    /// A Linux LED-class LED, by its name under `/sys/class/leds`.
    case ledClass(String)
    /// A passive buzzer on a sysfs PWM channel.
    case pwm(PWMBinding)
    /// No hardware: logged by ``SimulatedBackend``.
    case simulated
}

/// Where the hardware is; tests point each root at a temporary tree.
public struct BoardEnvironment: Sendable {
    public var gpioDeviceDirectory: String
    public var ledClassRoot: String
    public var pwmRoot: String
    public var simulationSink: SimulatedBackend.Sink

    public init(gpioDeviceDirectory: String = "/dev", ledClassRoot: String = "/sys/class/leds",
                pwmRoot: String = "/sys/class/pwm", simulationSink: SimulatedBackend.Sink = .memory) {
        self.gpioDeviceDirectory = gpioDeviceDirectory
        self.ledClassRoot = ledClassRoot
        self.pwmRoot = pwmRoot
        self.simulationSink = simulationSink
    }
}

extension BoardProfile {
    /// One backend for the whole board: GPIO lines share a ``GPIOBackend``, LED-class LEDs a
    /// ``LEDClassBackend``, each PWM buzzer its own ``PWMBuzzerBackend``, simulated outputs a
    /// ``SimulatedBackend``.
    public func makeBackend(environment: BoardEnvironment = BoardEnvironment()) -> CompositeBackend {
        var lines: [GPIOLineBinding] = []
        var leds: [OutputName: String] = [:]
        var simulated: [OutputName] = []
        var children: [any IndicatorBackend] = []
        for (output, binding) in outputs.sorted(by: { $0.key < $1.key }) {
            switch binding {
            case .gpio(let line): lines.append(line)
            case .ledClass(let name): leds[output] = name
            case .pwm(let pwm): children.append(PWMBuzzerBackend(binding: pwm, root: environment.pwmRoot))
            case .simulated: simulated.append(output)
            }
        }
        if !lines.isEmpty { children.append(GPIOBackend(bindings: lines, deviceDirectory: environment.gpioDeviceDirectory)) }
        if !leds.isEmpty { children.append(LEDClassBackend(leds: leds, root: environment.ledClassRoot)) }
        if !simulated.isEmpty {
            // A running agent's file is the record; keeping every write in memory too grew the
            // heap by ~100 bytes a payment (found by the soak).
            let sink = environment.simulationSink
            children.append(SimulatedBackend(outputs: simulated, sink: sink, keepsRecords: sink == .memory))
        }
        return CompositeBackend(children)
    }
}
