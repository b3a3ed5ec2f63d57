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

    /// The emulated board's boot: the agent started before udev loaded leds-gpio. The LED that
    /// appears afterwards is taken at the driver's next retry, trigger off, and then driven.
    @Test func anLEDThatAppearsAfterStartIsClaimedAtTheRetry() throws {
        let root = try tree(leds: ["green:status": "1"])
        let backend = LEDClassBackend(leds: [.green: "green:status", .amber: "scanbridge:amber"], root: root.path)
        #expect(backend.start().map(\.output) == [.amber])
        #expect(backend.reclaim(.amber)?.output == .amber, "still missing: still down")
        try root.file("scanbridge:amber/brightness", "1\n")
        try root.file("scanbridge:amber/max_brightness", "1\n")
        try root.file("scanbridge:amber/trigger", "[none] heartbeat\n")
        #expect(backend.reclaim(.amber) == nil)
        #expect(try root.read("scanbridge:amber/brightness") == "0", "claimed dark")
        try backend.write(OutputWrite(output: .amber, on: true, pattern: "processing"))
        #expect(try root.read("scanbridge:amber/brightness") == "1")
        #expect(backend.reclaim(.green) == nil, "a claimed LED stays claimed")
    }
}
