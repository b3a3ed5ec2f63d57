import Synchronization

/// A speaker amplifier's enable line, driven through libgpiod: claimed on first use (so a line
/// that udev has not handed to the agent's group yet is tried again on the next phrase) and kept.
/// The Voice module's speaker switches it around each phrase, from its own thread.
public final class GPIOAmplifier: Sendable {
    public let binding: AmplifierBinding
    let deviceDirectory: String
    private let line = Mutex<GPIOLine?>(nil)

    public init(binding: AmplifierBinding, deviceDirectory: String = "/dev") {
        self.binding = binding
        self.deviceDirectory = deviceDirectory
    }

    public var settle: Duration { binding.settle }

    /// nil when switched; otherwise why not (the chip or line is missing, another process has it).
    public func set(_ on: Bool) -> String? {
        line.withLock { line in
            do throws(GPIOError) {
                if line == nil {
                    let chip = try GPIOChip.open(label: binding.chipLabel, directory: deviceDirectory)
                    let offset = try binding.lineName.map { name throws(GPIOError) in try chip.offset(ofLine: name) } ?? binding.offset ?? 0
                    line = try chip.requestOutput(offset: offset, activeLow: binding.activeLow, consumer: GPIOBackend.consumer,
                                                  describedAs: binding.lineName ?? "line \(offset)")
                }
                try line?.set(on)
                return nil
            } catch {
                line = nil
                return error.description
            }
        }
    }
}
