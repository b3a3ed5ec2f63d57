import Foundation
import Indicators
import Testing

/// A board's `audio` entry: the voice's ALSA device and the amplifier's enable line.
@Suite("Board audio")
struct BoardAudioTests {
    func board(audio: String) -> String {
        BadBoardFileTests.valid.replacingOccurrences(
            of: "\"serial\": {", with: "\"audio\": \(audio),\n \"serial\": {")
    }

    func decode(_ json: String) throws(BoardError) -> BoardProfile { try BadBoardFileTests().decode(json) }

    func message(_ json: String) -> String { BadBoardFileTests().message(json) }

    @Test func deviceAndAmplifierLoad() throws {
        let profile = try decode(board(audio: """
            {"device": "plughw:0,0", "amplifier": {"chip": "pinctrl-bcm2711", "line": "GPIO26", "activeLow": true, "settleMs": 20}}
            """))
        #expect(profile.audio == AudioBinding(device: "plughw:0,0", amplifier: AmplifierBinding(
            chipLabel: "pinctrl-bcm2711", lineName: "GPIO26", offset: nil, activeLow: true, settle: .milliseconds(20))))
        #expect(try decode(BadBoardFileTests.valid).audio == nil)
        #expect(try decode(board(audio: "{}")).audio == AudioBinding(device: nil, amplifier: nil))
    }

    @Test func theAmplifierMayNotTakeAnOutputsLine() {
        #expect(message(board(audio: "{\"amplifier\": {\"chip\": \"pinctrl-bcm2711\", \"offset\": 18}}"))
                == "boards/test.json: audio: the amplifier's line is buzzer's line")
        #expect(message(board(audio: "{\"amplifier\": {\"chip\": \"pinctrl-bcm2711\", \"line\": \"GPIO17\"}}"))
                == "boards/test.json: audio: the amplifier's line is led.green's line")
    }

    @Test func badAmplifierFieldsAreNamed() {
        #expect(message(board(audio: "{\"amplifier\": {\"chip\": \"gpiochip0\", \"offset\": 4}}")).contains("amplifier.chip must be the gpiochip's label"))
        #expect(message(board(audio: "{\"amplifier\": {\"chip\": \"x\"}}")).contains("needs \"line\" (name) or \"offset\", not both"))
        #expect(message(board(audio: "{\"amplifier\": {\"chip\": \"x\", \"offset\": 4, \"settleMs\": 900}}")).contains("settleMs 900 is outside 0…500"))
        #expect(message(board(audio: "{\"device\": \"\"}")).contains("audio: device must be an ALSA PCM name"))
        #expect(message(board(audio: "{\"speaker\": \"left\"}")).contains("audio.speaker: unknown key \"speaker\" (allowed: device, amplifier, note)"))
    }
}
