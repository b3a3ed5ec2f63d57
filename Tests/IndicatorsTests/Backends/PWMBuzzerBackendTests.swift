import Indicators
import Testing

@Suite("PWM buzzer backend (temporary sysfs tree)")
struct PWMBuzzerBackendTests {
    /// `pwmchip0` (device `fe20c000.pwm`) with channel 0 already exported and left enabled.
    func tree(exported: Bool = true) throws -> TemporaryDirectory {
        let root = try TemporaryDirectory()
        try root.directory("devices/fe20c000.pwm")
        try root.file("pwmchip0/export")
        try root.file("pwmchip0/npwm", "2\n")
        try root.symlink("pwmchip0/device", to: root.path + "/devices/fe20c000.pwm")
        if exported {
            try root.file("pwmchip0/pwm0/enable", "1\n")
            try root.file("pwmchip0/pwm0/period", "0\n")
            try root.file("pwmchip0/pwm0/duty_cycle", "0\n")
        }
        return root
    }

    @Test func startSetsTheToneWithTheBuzzerSilent() throws {
        let root = try tree()
        let backend = PWMBuzzerBackend(binding: PWMBinding(chip: "pwmchip0", channel: 0, frequencyHz: 2500), root: root.path)
        #expect(backend.start().isEmpty)
        #expect(try root.read("pwmchip0/pwm0/enable") == "0")
        #expect(try root.read("pwmchip0/pwm0/period") == "400000")
        #expect(try root.read("pwmchip0/pwm0/duty_cycle") == "200000")
    }

    @Test func theChipIsFoundByItsDeviceName() throws {
        let root = try tree()
        let backend = PWMBuzzerBackend(binding: PWMBinding(chip: "fe20c000.pwm", channel: 0, frequencyHz: 4000, dutyPercent: 25), root: root.path)
        #expect(backend.start().isEmpty)
        #expect(try root.read("pwmchip0/pwm0/period") == "250000")
        #expect(try root.read("pwmchip0/pwm0/duty_cycle") == "62500")
    }

    @Test func onAndOffToggleEnableAndStopSilencesIt() throws {
        let root = try tree()
        let backend = PWMBuzzerBackend(binding: PWMBinding(chip: "pwmchip0", channel: 0, frequencyHz: 2700), root: root.path)
        _ = backend.start()
        try backend.write(OutputWrite(output: .buzzer, on: true, pattern: "success"))
        #expect(try root.read("pwmchip0/pwm0/enable") == "1")
        try backend.write(OutputWrite(output: .buzzer, on: false, pattern: "success"))
        #expect(try root.read("pwmchip0/pwm0/enable") == "0")
        try backend.write(OutputWrite(output: .buzzer, on: true, pattern: "declined"))
        backend.stop()
        #expect(try root.read("pwmchip0/pwm0/enable") == "0")
    }

    @Test func anUnexportedChannelIsExportedFirst() throws {
        let root = try tree(exported: false)
        let backend = PWMBuzzerBackend(binding: PWMBinding(chip: "pwmchip0", channel: 1, frequencyHz: 2700), root: root.path)
        let faults = backend.start()
        // The kernel would create pwm1/ on export; a plain tree can't, so the fault says what to check.
        #expect(try root.read("pwmchip0/export") == "1")
        #expect(faults.first?.reason == "\(root.path)/pwmchip0/pwm1 did not appear after export; is the pin muxed to PWM (device-tree overlay)?")
    }

    @Test func aMissingChipIsAFaultThatListsTheChipsPresent() throws {
        let root = try tree()
        let backend = PWMBuzzerBackend(binding: PWMBinding(chip: "30660000.pwm", channel: 0, frequencyHz: 4000), root: root.path)
        let faults = backend.start()
        #expect(faults.count == 1)
        #expect(faults.first?.reason == "no PWM chip \"30660000.pwm\" in \(root.path) (present: pwmchip0 [fe20c000.pwm])")
        #expect(throws: OutputFault.self) { try backend.write(OutputWrite(output: .buzzer, on: true, pattern: "success")) }
    }
}
