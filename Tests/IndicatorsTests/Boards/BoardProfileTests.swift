import Foundation
import Indicators
import Testing

@Suite("Board profiles")
struct BoardProfileTests {
    static let shipped = ["rpi4", "rpi5", "orangepi-zero2", "rockpi-s", "imx8mm", "qemu-virt", "sim"]

    @Test(arguments: shipped)
    func everyShippedBoardLoads(id: String) throws {
        let profile = try BoardProfile.load(path: repositoryRoot + "/boards/\(id).json")
        #expect(profile.id == id)
        #expect(!profile.outputs.isEmpty)
        #expect(profile.outputs[.green] != nil && profile.outputs[.red] != nil, "every board shows paid and declined")
        #expect(profile.scannerPort.hasPrefix("/dev/") && profile.consolePort.hasPrefix("/dev/"))
        let book = try profile.patternBook()
        for output in book.outputs.subtracting(profile.outputs.keys) {
            Issue.record("\(id): patterns use \(output), which the board does not wire")
        }
        if id != "sim" { #expect(!profile.unverified.isEmpty, "\(id): unverified pin choices must be stated") }
    }

    @Test func theDirectoryHoldsExactlyTheShippedBoards() throws {
        let all = try BoardProfile.loadAll(directory: repositoryRoot + "/boards")
        #expect(Set(all.keys) == Set(Self.shipped))
    }

    @Test func hardwareBoardsChooseChipsByLabelAndBuzzersByType() throws {
        let rpi4 = try BoardProfile.load(path: repositoryRoot + "/boards/rpi4.json")
        guard case .gpio(let green) = rpi4.outputs[.green], case .pwm(let buzzer) = rpi4.outputs[.buzzer] else {
            Issue.record("rpi4: green should be a GPIO line and the buzzer a PWM channel")
            return
        }
        #expect(green.chipLabel == "pinctrl-bcm2711" && green.lineName == "GPIO17" && green.offset == 17)
        #expect(buzzer.chip == "fe20c000.pwm" && buzzer.frequencyHz == 2700)
        #expect(rpi4.buzzer == .passive)

        let rockpi = try BoardProfile.load(path: repositoryRoot + "/boards/rockpi-s.json")
        #expect(rockpi.outputs[.blue] == .ledClass("rockpis:blue:user"))
        #expect(try rockpi.patternBook()[.armed].outputs == [.blue], "the blue variant blinks blue while waiting")
        guard case .gpio(let rockpiBuzzer) = rockpi.outputs[.buzzer] else { return }
        #expect(rockpiBuzzer.activeLow)
    }

    @Test func aBoardBuildsOneBackendPerKindOfHardware() throws {
        let rpi4 = try BoardProfile.load(path: repositoryRoot + "/boards/rpi4.json")
        let backend = rpi4.makeBackend()
        #expect(backend.outputs == Set(OutputName.standard))
        #expect(backend.children.map { String(describing: type(of: $0)) }.sorted() == ["GPIOBackend", "PWMBuzzerBackend"])

        let sim = try BoardProfile.load(path: repositoryRoot + "/boards/sim.json").makeBackend()
        #expect(sim.children.count == 1 && sim.children.first is SimulatedBackend)
        #expect(sim.start().isEmpty)
    }

    @Test func configurationOverridesComeAfterTheBoards() throws {
        let rockpi = try BoardProfile.load(path: repositoryRoot + "/boards/rockpi-s.json")
        let book = try rockpi.patternBook(configuration: ["armed": "blue:1s off:1s; repeat=forever; priority=10"])
        #expect(book[.armed].cycleLength == .seconds(2))
    }
}

@Suite("Board detection and status text")
struct BoardDetectionTests {
    @Test func theDeviceTreeCompatibleListPicksTheMostSpecificBoard() throws {
        let profiles = try BoardProfile.loadAll(directory: repositoryRoot + "/boards").values
        let tree = try TemporaryDirectory()
        try tree.file("compatible", "raspberrypi,5-model-b\0brcm,bcm2712\0")
        #expect(BoardProfile.detect(among: profiles, compatibleFile: tree.path + "/compatible")?.id == "rpi5")
        try tree.file("compatible", "some,other-board\0allwinner,sun50i-h616\0")
        #expect(BoardProfile.detect(among: profiles, compatibleFile: tree.path + "/compatible")?.id == "orangepi-zero2",
                "falls back to the SoC string")
        try tree.file("compatible", "vendor,unknown\0")
        #expect(BoardProfile.detect(among: profiles, compatibleFile: tree.path + "/compatible") == nil)
        #expect(BoardProfile.detect(among: profiles, compatibleFile: tree.path + "/missing") == nil)
    }

    @Test func theStatusReadsOneLinePerOutput() {
        let status = IndicatorStatus(outputs: [.green: .down("no gpiochip labelled \"x\""), .buzzer: .ok], showing: .idle)
        #expect(status.description == "buzzer ok\nled.green DOWN: no gpiochip labelled \"x\"")
    }
}
