import Synchronization

/// LEDs the device tree already owns (`leds-gpio`, `leds-pwm`), driven through the Linux LED
/// class: `<root>/<name>/brightness`. Such a line is busy for libgpiod, so this is the only way
/// to drive it.
public final class LEDClassBackend: IndicatorBackend {
    public let leds: [OutputName: String]
    public let root: String
    public var outputs: Set<OutputName> { Set(leds.keys) }
    /// `max_brightness` per claimed LED; an output missing here is down.
    private let claimed: Mutex<[OutputName: String]> = Mutex([:])

    /// - Parameters:
    ///   - leds: logical output → LED-class name, e.g. `led.green` → `green:status`.
    ///   - root: `/sys/class/leds`, or a temporary tree in tests.
    public init(leds: [OutputName: String], root: String = "/sys/class/leds") {
        self.leds = leds
        self.root = root
    }

    public func start() -> [OutputFault] {
        claimed.withLock { claimed in
            claimed.removeAll()
            return leds.sorted(by: { $0.key < $1.key }).compactMap { output, name in claim(output, name, into: &claimed) }
        }
    }

    /// Claims an LED that was missing or failing at start. The emulated board started the agent
    /// while udev was still loading leds-gpio: the LED appeared a few seconds later and, with
    /// only the write-it-off retry every backend has, stayed down until the next restart.
    public func reclaim(_ output: OutputName) -> OutputFault? {
        guard let name = leds[output] else { return OutputFault(output: output, reason: "not an LED of this board") }
        return claimed.withLock { claimed in
            if claimed[output] != nil { return nil }
            return claim(output, name, into: &claimed)
        }
    }

    /// Takes one LED: its trigger off, its brightness 0; the fault when it cannot.
    private func claim(_ output: OutputName, _ name: String, into claimed: inout [OutputName: String]) -> OutputFault? {
        let directory = root + "/" + name
        guard SysfsAttribute(directory + "/brightness").exists else {
            let present = SysfsAttribute.entries(of: root)
            let list = present.isEmpty ? "none" : present.joined(separator: ", ")
            return OutputFault(output: output, reason: "no LED \"\(name)\" in \(root) (present: \(list))")
        }
        // A trigger such as heartbeat would fight our pattern; "none" hands the LED to us.
        // Not every LED has a writable trigger, so failing here is not a fault.
        try? SysfsAttribute(directory + "/trigger").write("none")
        let maximum = (try? SysfsAttribute(directory + "/max_brightness").read()).flatMap { Int($0) } ?? 1
        do throws(SysfsError) {
            try SysfsAttribute(directory + "/brightness").write("0")
            claimed[output] = String(max(maximum, 1))
            return nil
        } catch {
            return OutputFault(output: output, reason: error.description)
        }
    }

    public func write(_ write: OutputWrite) throws(OutputFault) {
        guard let maximum = claimed.withLock({ $0[write.output] }), let name = leds[write.output] else {
            throw OutputFault(output: write.output, reason: "not claimed (see the start-up error)")
        }
        do {
            try SysfsAttribute(root + "/" + name + "/brightness").write(write.on ? maximum : "0")
        } catch {
            throw OutputFault(output: write.output, reason: error.description)
        }
    }

    public func stop() {
        claimed.withLock { claimed in
            for output in claimed.keys.sorted() {
                if let name = leds[output] { try? SysfsAttribute(root + "/" + name + "/brightness").write("0") }
            }
            claimed.removeAll()
        }
    }
}
