import Indicators
import Testing

@Suite("LED-class backend (temporary sysfs tree)")
struct LEDClassBackendTests {
    /// `<root>/<name>/{brightness,max_brightness,trigger}` as the kernel lays them out.
    func tree(leds: [String: String]) throws -> TemporaryDirectory {
        let root = try TemporaryDirectory()
        for (name, maximum) in leds {
            try root.file("\(name)/brightness", "1\n")  // lit, as after a crash
            try root.file("\(name)/max_brightness", maximum + "\n")
            try root.file("\(name)/trigger", "none [heartbeat] timer\n")
        }
        return root
    }

    @Test func startTurnsEveryLEDOffAndTakesItFromItsTrigger() throws {
        let root = try tree(leds: ["green:status": "255", "red:status": "1"])
        let backend = LEDClassBackend(leds: [.green: "green:status", .red: "red:status"], root: root.path)
        #expect(backend.start().isEmpty)
        #expect(try root.read("green:status/brightness") == "0")
        #expect(try root.read("red:status/brightness") == "0")
        #expect(try root.read("green:status/trigger") == "none")
    }

    @Test func onWritesMaxBrightnessAndOffWritesZero() throws {
        let root = try tree(leds: ["green:status": "255"])
        let backend = LEDClassBackend(leds: [.green: "green:status"], root: root.path)
        _ = backend.start()
        try backend.write(OutputWrite(output: .green, on: true, pattern: "success"))
        #expect(try root.read("green:status/brightness") == "255")
        try backend.write(OutputWrite(output: .green, on: false, pattern: "success"))
        #expect(try root.read("green:status/brightness") == "0")
    }

    @Test func stopLeavesEveryLEDOff() throws {
        let root = try tree(leds: ["green:status": "1"])
        let backend = LEDClassBackend(leds: [.green: "green:status"], root: root.path)
        _ = backend.start()
        try backend.write(OutputWrite(output: .green, on: true, pattern: "idle"))
        backend.stop()
        #expect(try root.read("green:status/brightness") == "0")
    }

    @Test func aMissingLEDIsAFaultThatListsTheLEDsPresent() throws {
        let root = try tree(leds: ["green:status": "1", "mmc0::": "1"])
        let backend = LEDClassBackend(leds: [.green: "green:status", .red: "red:status"], root: root.path)
        let faults = backend.start()
        #expect(faults.map(\.output) == [.red])
        #expect(faults.first?.reason == "no LED \"red:status\" in \(root.path) (present: green:status, mmc0::)")
        #expect(throws: OutputFault.self) { try backend.write(OutputWrite(output: .red, on: true, pattern: "declined")) }
        try backend.write(OutputWrite(output: .green, on: true, pattern: "success"))
    }
}
