import Indicators
import Logging
import Testing
import TestSupport

@Suite("A real board profile on a machine without its GPIO")
struct BoardDegradedModeTests {
    /// ROCK Pi S: green, red and the buzzer are gpiochip lines (absent here, so down); the blue LED
    /// is LED class (a temporary tree, so it works). The driver must keep blinking blue.
    @Test func theOutputsThatExistKeepWorkingAndTheRestAreListedDown() async throws {
        let sysfs = try TemporaryDirectory()
        try sysfs.file("leds/rockpis:blue:user/brightness", "0")
        try sysfs.file("leds/rockpis:blue:user/max_brightness", "1")
        let devices = try TemporaryDirectory()
        let board = try BoardProfile.load(path: repositoryRoot + "/boards/rockpi-s.json")
        let backend = board.makeBackend(environment: BoardEnvironment(
            gpioDeviceDirectory: devices.path, ledClassRoot: sysfs.path + "/leds", pwmRoot: sysfs.path + "/pwm"))
        let clock = ManualClock()
        let driver = IndicatorDriver(backend: backend, book: try board.patternBook(), clock: clock, logger: LogCapture().logger("board-test"))
        let running = Task { try await driver.run() }

        driver.send(.armed)
        #expect(await eventually { (try? sysfs.read("leds/rockpis:blue:user/brightness")) == "1" })
        clock.advance(by: .milliseconds(500))
        #expect(await eventually { (try? sysfs.read("leds/rockpis:blue:user/brightness")) == "0" })

        let status = driver.status
        #expect(status.down == [.buzzer, .green, .red])
        #expect(status.outputs[.blue] == .ok)
        #expect(status.outputs[.green] == .down("no gpiochip labelled \"gpio0\" (there are no gpiochip devices in \(devices.path))"))
        running.cancel()
        try await running.value
        #expect(try sysfs.read("leds/rockpis:blue:user/brightness") == "0")
    }
}
