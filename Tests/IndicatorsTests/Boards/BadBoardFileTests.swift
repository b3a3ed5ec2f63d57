import Foundation
import Indicators
import Testing

@Suite("Bad board files give clear errors")
struct BadBoardFileTests {
    static let valid = """
    {"id": "test", "name": "Test", "buzzer": "active",
     "outputs": {"led.green": {"kind": "gpio", "chip": "pinctrl-bcm2711", "line": "GPIO17"},
                 "buzzer": {"kind": "gpio", "chip": "pinctrl-bcm2711", "offset": 18}},
     "serial": {"scanner": "/dev/ttyAMA0", "console": "/dev/ttyGS0"}}
    """

    func decode(_ json: String) throws(BoardError) -> BoardProfile {
        try BoardProfile.decode(Data(json.utf8), file: "boards/test.json", expectedID: "test")
    }

    func message(_ json: String) -> String {
        do throws(BoardError) {
            _ = try decode(json)
            return "loaded"
        } catch {
            return error.description
        }
    }

    @Test func theTemplateItselfLoads() throws {
        #expect(try decode(Self.valid).outputs.count == 2)
    }

    @Test func brokenJSONSaysSoWithTheFile() {
        #expect(message("{\"id\": ").hasPrefix("boards/test.json: "))
        #expect(message("[]").hasPrefix("boards/test.json: top level: expected"))
    }

    @Test func aMissingFieldIsNamedByItsPath() {
        let json = Self.valid.replacingOccurrences(of: "\"console\": \"/dev/ttyGS0\"", with: "\"x\": \"y\"")
        #expect(message(json) == "boards/test.json: serial.x: unknown key \"x\" (allowed: scanner, console)")
        let noSerial = Self.valid.replacingOccurrences(of: ",\n \"serial\": {\"scanner\": \"/dev/ttyAMA0\", \"console\": \"/dev/ttyGS0\"}", with: "")
        #expect(message(noSerial) == "boards/test.json: serial: required field is missing")
    }

    @Test func aWrongTypeIsNamedByItsPath() {
        let json = Self.valid.replacingOccurrences(of: "\"offset\": 18", with: "\"offset\": \"18\"")
        #expect(message(json) == "boards/test.json: outputs.buzzer.offset: expected a whole number")
    }

    @Test func aMisspeltKeyIsRefusedNotIgnored() {
        let json = Self.valid.replacingOccurrences(of: "\"line\": \"GPIO17\"", with: "\"line\": \"GPIO17\", \"activelow\": true")
        #expect(message(json).contains("outputs.led.green.activelow: unknown key \"activelow\" (allowed: kind, chip, line, offset, activeLow"))
    }

    @Test func aChipNumberIsRefusedInFavourOfItsLabel() {
        let json = Self.valid.replacingOccurrences(of: "\"chip\": \"pinctrl-bcm2711\", \"line\"", with: "\"chip\": \"gpiochip0\", \"line\"")
        #expect(message(json).contains("outputs.led.green: chip \"gpiochip0\" is a chip number; use the chip's label"))
    }

    @Test func everyProblemIsListedAtOnce() {
        let json = Self.valid
            .replacingOccurrences(of: "\"id\": \"test\"", with: "\"id\": \"other\"")
            .replacingOccurrences(of: "\"buzzer\": \"active\"", with: "\"buzzer\": \"passive\"")
            .replacingOccurrences(of: "\"/dev/ttyGS0\"", with: "\"ttyGS0\"")
            .replacingOccurrences(of: "\"line\": \"GPIO17\"", with: "\"led\": \"x\"")
        let text = message(json)
        #expect(text.contains("id \"other\" does not match the file name \"test.json\""))
        #expect(text.contains("a passive buzzer needs a PWM square wave: outputs.buzzer needs kind pwm"))
        #expect(text.contains("serial.console: \"ttyGS0\" must be a device path under /dev/"))
        #expect(text.contains("outputs.led.green: led do not apply to kind \"gpio\""))
    }

    @Test func badPatternOverridesAreCaughtAtLoad() {
        let json = Self.valid.replacingOccurrences(of: "\"buzzer\": \"active\",", with: "\"buzzer\": \"active\", \"patterns\": {\"succes\": \"green:1s\"},")
        #expect(message(json).contains("patterns: \"succes\" is not an indicator event"))
    }

    @Test func anUnknownOutputKindListsTheKinds() {
        let json = Self.valid.replacingOccurrences(of: "\"kind\": \"gpio\", \"chip\": \"pinctrl-bcm2711\", \"line\"", with: "\"kind\": \"i2c\", \"chip\": \"pinctrl-bcm2711\", \"line\"")
        #expect(message(json).hasPrefix("boards/test.json: outputs.led.green.kind: "))
    }

    @Test func aMissingFileSaysSo() {
        #expect(throws: BoardError.unreadable(file: "/nonexistent/rpi9.json", reason: "no such file")) {
            try BoardProfile.load(path: "/nonexistent/rpi9.json")
        }
    }
}
