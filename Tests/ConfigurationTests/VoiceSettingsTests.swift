@testable import Configuration
import Testing

/// The `voice.*` keys: values, the daily window of quiet hours, and the rule between the two locales.
@Suite("Voice settings")
struct VoiceSettingsTests {
    @Test("bad voice values say what is wrong", arguments: [
        ("voice.locale", "fr", "use one of cmn, en, ms, th, id, ja"),
        ("voice.second-locale", "de", "use one of none, cmn"),
        ("voice.volume", "101", "allowed 0 to 100"),
        ("voice.quiet-hours", "22:00-07:00", "write HH:MM-HH:MM and the UTC offset"),
        ("voice.quiet-hours", "22:00-22:00+08:00", "write HH:MM-HH:MM and the UTC offset"),
        ("voice.quiet-hours", "25:00-07:00+08:00", "write HH:MM-HH:MM and the UTC offset"),
        ("voice.packs", "voice", "must be an absolute path"),
    ])
    func badValues(key: String, value: String, expected: String) throws {
        let layer = ConfigurationLayer(.file, origin: "p.conf", entries: [key: .init(value, line: 1)])
        let issue = try #require(Validator().check(layer).first)
        #expect(issue.message.contains(expected), "\(issue.message)")
    }

    @Test func quietHoursParseAcrossMidnightAndAtAnOffset() {
        #expect(ValueParser.dailyWindow("22:00-07:00+08:00") == DailyWindow(startMinute: 1320, endMinute: 420, utcOffsetSeconds: 28_800))
        #expect(ValueParser.dailyWindow("12:30-13:45-03:30") == DailyWindow(startMinute: 750, endMinute: 825, utcOffsetSeconds: -12_600))
        #expect(ValueParser.dailyWindow("none") == nil)
    }

    @Test func theSettingsCarryTheVoice() throws {
        let layer = ConfigurationLayer(.file, origin: "p.conf", values: [
            "voice.enabled": "true", "voice.locale": "th", "voice.second-locale": "en", "voice.volume": "60",
            "voice.quiet-hours": "22:00-07:00+07:00", "voice.quiet-volume": "10", "voice.device": "plughw:1,0",
        ])
        let voice = try AgentSettings.build(LayeredConfiguration(file: layer)).voice
        #expect(voice.enabled && voice.locales == ["th", "en"] && voice.volume == 60 && voice.device == "plughw:1,0")
        #expect(voice.quietHours == DailyWindow(startMinute: 1320, endMinute: 420, utcOffsetSeconds: 25_200) && voice.quietVolume == 10)
        #expect(voice.announceFaults && !voice.announceStartup && voice.packs == "/usr/share/scanbridge/voice")
        let defaults = try AgentSettings.build(LayeredConfiguration(file: ConfigurationLayer(.file, origin: "p.conf", values: [:]))).voice
        #expect(!defaults.enabled && defaults.locales == ["en"] && defaults.device == nil && defaults.quietHours == nil)
    }

    @Test func theSecondLocaleMustBeAnotherLanguage() {
        let layer = ConfigurationLayer(.file, origin: "p.conf", values: ["voice.locale": "ms", "voice.second-locale": "ms"])
        let issues = Validator().issues(in: LayeredConfiguration(file: layer)).filter { $0.key == "voice.second-locale" }
        #expect(issues.count == 1 && issues.first?.severity == .error)
        #expect(issues.first?.message.contains("is voice.locale again (ms)") == true)
    }

    @Test func theCatalogsLocalesAreThePacksLanguages() {
        // Configuration does not import Voice; the Voice tests check VoiceLocale against this list.
        #expect(ConfigKey.voiceLocales == ["cmn", "en", "ms", "th", "id", "ja"])
    }
}
