import Synchronization

/// Where a passive buzzer's PWM channel is. The chip is either a sysfs name (`pwmchip0`) or, more
/// stably, the name of its device (`fe20c000.pwm`), matched against each chip's `device` link.
public struct PWMBinding: Hashable, Sendable {
    public var output: OutputName
    public var chip: String
    public var channel: Int
    public var frequencyHz: Int
    public var dutyPercent: Int

    public init(output: OutputName = .buzzer, chip: String, channel: Int, frequencyHz: Int, dutyPercent: Int = 50) {
        self.output = output
        self.chip = chip
        self.channel = channel
        self.frequencyHz = frequencyHz
        self.dutyPercent = dutyPercent
    }

    /// Period in nanoseconds: sysfs PWM speaks only in ns.
    var periodNanoseconds: Int { 1_000_000_000 / max(frequencyHz, 1) }
    var dutyNanoseconds: Int { periodNanoseconds * dutyPercent / 100 }
}

/// A passive buzzer needs a square wave at its tone, which only PWM hardware gives cleanly:
/// `<root>/pwmchipN/export`, then `pwmM/period`, `duty_cycle` and `enable`. On/off is `enable`.
public final class PWMBuzzerBackend: IndicatorBackend {
    public let binding: PWMBinding
    public let root: String
    public var outputs: Set<OutputName> { [binding.output] }
    /// The channel directory once configured; nil while the buzzer is down.
    private let channel: Mutex<String?> = Mutex(nil)

    public init(binding: PWMBinding, root: String = "/sys/class/pwm") {
        self.binding = binding
        self.root = root
    }

    public func start() -> [OutputFault] {
        channel.withLock { channel in
            channel = nil
            do throws(PWMSetupError) {
                channel = try configure()
                return []
            } catch {
                return [OutputFault(output: binding.output, reason: error.description)]
            }
        }
    }

    public func write(_ write: OutputWrite) throws(OutputFault) {
        guard let directory = channel.withLock({ $0 }) else {
            throw OutputFault(output: binding.output, reason: "not claimed (see the start-up error)")
        }
        do {
            try SysfsAttribute(directory + "/enable").write(write.on ? "1" : "0")
        } catch {
            throw OutputFault(output: binding.output, reason: error.description)
        }
    }

    public func stop() {
        channel.withLock { channel in
            if let directory = channel { try? SysfsAttribute(directory + "/enable").write("0") }
            channel = nil
        }
    }

    /// Exports the channel if needed and sets the tone with the output disabled (the safe state).
    private func configure() throws(PWMSetupError) -> String {
        let chipDirectory = root + "/" + (try resolveChip())
        let directory = chipDirectory + "/pwm\(binding.channel)"
        do throws(SysfsError) {
            if !SysfsAttribute(directory + "/enable").exists {
                try SysfsAttribute(chipDirectory + "/export").write(String(binding.channel))
            }
        } catch {
            throw .sysfs(error)
        }
        guard SysfsAttribute(directory + "/enable").exists else { throw .channelMissing(directory) }
        do throws(SysfsError) {
            try SysfsAttribute(directory + "/enable").write("0")
            // Duty must never exceed the period, so clear it before changing the period.
            try SysfsAttribute(directory + "/duty_cycle").write("0")
            try SysfsAttribute(directory + "/period").write(String(binding.periodNanoseconds))
            try SysfsAttribute(directory + "/duty_cycle").write(String(binding.dutyNanoseconds))
        } catch {
            throw .sysfs(error)
        }
        return directory
    }

    private func resolveChip() throws(PWMSetupError) -> String {
        let chips = SysfsAttribute.entries(of: root).filter { $0.hasPrefix("pwmchip") }
        if chips.contains(binding.chip) { return binding.chip }
        let byDevice = chips.map { ($0, SysfsAttribute(root + "/" + $0 + "/device").linkTargetName() ?? "?") }
        if let match = byDevice.first(where: { $0.1 == binding.chip }) { return match.0 }
        throw .chipNotFound(binding.chip, root: root, present: byDevice.map { "\($0.0) [\($0.1)]" })
    }
}

enum PWMSetupError: Error, CustomStringConvertible {
    case chipNotFound(String, root: String, present: [String])
    case channelMissing(String)
    case sysfs(SysfsError)

    var description: String {
        switch self {
        case .chipNotFound(let chip, let root, let present):
            "no PWM chip \"\(chip)\" in \(root) (present: \(present.isEmpty ? "none" : present.joined(separator: ", ")))"
        case .channelMissing(let directory):
            "\(directory) did not appear after export; is the pin muxed to PWM (device-tree overlay)?"
        case .sysfs(let error):
            error.description
        }
    }
}
