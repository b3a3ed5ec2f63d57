import POSIX
import Foundation
@testable import Indicators
import Logging
import Testing
import TestSupport

/// These run the real libgpiod. This machine (and CI) has no gpiochip at all and no gpio-sim,
/// so they cover what can be provoked: no chip, a device that is not a chip, and the messages.
@Suite("libgpiod backend (real library)")
struct GPIOBackendTests {
    @Test func theBuildUsesTheLibgpiodAPIItFound() {
        let library = GPIOBackend.library
        #expect([1, 2].contains(library.api))
        #expect(library.version.hasPrefix("\(library.api)."), "API \(library.api) but library \(library.version)")
    }

    @Test func aMissingChipIsReportedByLabelForEveryOutputOnIt() throws {
        let empty = try TemporaryDirectory()
        let backend = GPIOBackend(bindings: [
            GPIOLineBinding(output: .green, chipLabel: "pinctrl-bcm2711", lineName: "GPIO17", offset: 17),
            GPIOLineBinding(output: .red, chipLabel: "pinctrl-bcm2711", lineName: "GPIO27"),
        ], deviceDirectory: empty.path)
        let faults = backend.start()
        #expect(faults.map(\.output) == [.green, .red])
        #expect(faults.allSatisfy { $0.reason == "no gpiochip labelled \"pinctrl-bcm2711\" (there are no gpiochip devices in \(empty.path))" })
        #expect(throws: OutputFault.self) { try backend.write(OutputWrite(output: .green, on: true, pattern: "success")) }
        backend.stop()
    }

    @Test func aDeviceThatIsNotAChipIsNamedWithLibgpiodsError() throws {
        let devices = try TemporaryDirectory()
        try devices.file("gpiochip0", "not a character device")
        let backend = GPIOBackend(bindings: [GPIOLineBinding(output: .green, chipLabel: "pinctrl-rp1", offset: 17)],
                                  deviceDirectory: devices.path)
        let reason = try #require(backend.start().first?.reason)
        #expect(reason.hasPrefix("no gpiochip labelled \"pinctrl-rp1\" (present: gpiochip0 [cannot open \(devices.path)/gpiochip0: "))
        #expect(reason.contains("errno"))
    }

    @Test func openingANonChipFailsWithTheLibrarysErrno() {
        #expect {
            try GPIOChip(path: "/dev/null")
        } throws: { error in
            guard case .cannotOpenChip(let path, let errno) = error as? GPIOError else { return false }
            return path == "/dev/null" && errno.rawValue != 0
        }
        #expect(throws: GPIOError.self) { try GPIOChip(path: "/dev/gpiochip-does-not-exist") }
    }

    @Test func theRealDeviceDirectoryDegradesTheDriverInsteadOfStoppingIt() async throws {
        let backend = GPIOBackend(bindings: [GPIOLineBinding(output: .green, chipLabel: "pinctrl-bcm2711", lineName: "GPIO17")])
        let driver = IndicatorDriver(backend: backend, clock: ManualClock(), logger: LogCapture().logger("gpio-test"))
        let running = Task { try await driver.run() }
        driver.send(.success)
        #expect(await eventually { driver.status.showing == .success })
        #expect(driver.status.down == [.green])
        if case .down(let reason) = driver.status.outputs[.green] {
            #expect(reason.hasPrefix("no gpiochip labelled \"pinctrl-bcm2711\""))
        }
        running.cancel()
        try await running.value
    }

    @Test func errorTextsSayWhatTheChipHas() {
        let wrongName = GPIOError.lineNotFound(name: "GPIO4", chip: "pinctrl-bcm2711", available: ["4: GPIO_GCLK", "17: GPIO17"])
        #expect(wrongName.description == "gpiochip \"pinctrl-bcm2711\" has no line named \"GPIO4\" (it has: 4: GPIO_GCLK, 17: GPIO17)")
        let unnamed = GPIOError.lineNotFound(name: "PC9", chip: "300b000.pinctrl", available: [])
        #expect(unnamed.description.contains("names none of its lines; use an offset"))
        let busy = GPIOError.lineBusy(line: "GPIO17 (offset 17)", chip: "pinctrl-bcm2711")
        #expect(busy.description.contains("busy") && busy.description.contains("leds-gpio"))
        let chips = GPIOError.chipNotFound(label: "pinctrl-rp1", present: ["gpiochip0 [pinctrl-bcm2711]"], directory: "/dev")
        #expect(chips.description == "no gpiochip labelled \"pinctrl-rp1\" (present: gpiochip0 [pinctrl-bcm2711])")
    }
}
