import Foundation
import Logging
import Money
import Synchronization
import Testing
import TestSupport
@testable import Voice

/// The speaker on the real ALSA path: libasound's `file` plugin (slave `null`) writes what the
/// speaker sent into a file, which is compared with the clips, sample for sample.
@Suite("Playback through ALSA")
struct PlaybackTests {
    let logs = LogCapture()

    func speaker(_ settings: VoiceSettings, packs root: String, amplifier: (any Amplifier)? = nil, now: Int64 = 0,
                 health: @escaping @Sendable (String?) -> Void = { _ in }) throws -> Speaker {
        let packs = try settings.locales.map { try ClipPack.load(root: root, locale: $0) }
        return Speaker(settings: settings, packs: packs, amplifier: amplifier, wallMilliseconds: { now }, logger: logs.logger(),
                       onHealth: health)
    }

    static func fileDevice(_ path: String) -> String { "file:'\(path)',raw" }

    func played(_ path: String) -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? [] }

    @Test func aPhraseIsItsClipsEndToEnd() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.english], in: scratch.path)
        let out = scratch.path + "/out.raw"
        let speaker = try speaker(VoiceSettings(device: Self.fileDevice(out), locales: [.english]), packs: pack.root)
        let running = Task { try await speaker.run() }
        defer { running.cancel() }

        let paid = Phrase.paid(amount: VoiceTexts.money("1005.05", "SGD"), wallet: "GCASH")
        let declined = Phrase.declined(.insufficientFunds)
        speaker.say(paid)
        speaker.say(declined)
        #expect(await eventually { speaker.status.phrasesSaid == 2 })
        let expected = (SyntheticPack.expected(paid, .english) + SyntheticPack.expected(declined, .english)).littleEndianBytes
        #expect(expected.count > 1000)
        #expect(played(out) == expected)
        #expect(speaker.status.fault == nil)
        #expect(speaker.status.lastSaid == "[p.declined] [r.insufficient-funds]")
    }

    @Test func aBilingualPhraseIsBothLanguagesWithAPause() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.english, .mandarin], in: scratch.path)
        let out = scratch.path + "/out.raw"
        let speaker = try speaker(VoiceSettings(device: Self.fileDevice(out), locales: [.english, .mandarin]), packs: pack.root)
        let running = Task { try await speaker.run() }
        defer { running.cancel() }

        let paid = Phrase.paid(amount: VoiceTexts.money("12.50", "CNY"), wallet: "ALIPAYCN")
        speaker.say(paid)
        #expect(await eventually { speaker.status.phrasesSaid == 1 })
        let expected = SyntheticPack.expected(paid, .english) + [Int16](repeating: 0, count: 4800) + SyntheticPack.expected(paid, .mandarin)
        #expect(played(out) == expected.littleEndianBytes)
    }

    @Test func volumeAndQuietHoursScaleTheSamples() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.thai], in: scratch.path)
        // 23:30 at +07:00 is inside 22:00–07:00; 12:00 is not.
        let lateNight: Int64 = (16 * 3600 + 30 * 60) * 1000
        let quiet = QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, utcOffsetSeconds: 7 * 3600, volume: 20)
        var settings = VoiceSettings(device: Self.fileDevice(scratch.path + "/day.raw"), locales: [.thai], volume: 50, quietHours: quiet)
        let day = try speaker(settings, packs: pack.root, now: 5 * 3600 * 1000)
        settings.device = Self.fileDevice(scratch.path + "/night.raw")
        let night = try speaker(settings, packs: pack.root, now: lateNight)
        settings.device = Self.fileDevice(scratch.path + "/silent.raw")
        settings.quietHours?.volume = 0
        let silent = try speaker(settings, packs: pack.root, now: lateNight)
        let tasks = [day, night, silent].map { speaker in Task { try await speaker.run() } }
        defer { tasks.forEach { $0.cancel() } }

        let phrase = Phrase.paid(amount: VoiceTexts.money("21", "THB"), wallet: "TRUEMONEY")
        for speaker in [day, night, silent] { speaker.say(phrase) }
        #expect(await eventually { day.status.phrasesSaid == 1 && night.status.phrasesSaid == 1 && silent.status.lastSaid != nil })
        let samples = SyntheticPack.expected(phrase, .thai)
        #expect(played(scratch.path + "/day.raw") == samples.map { Int16(Int32($0) * 50 / 100) }.littleEndianBytes)
        #expect(played(scratch.path + "/night.raw") == samples.map { Int16(Int32($0) * 20 / 100) }.littleEndianBytes)
        #expect(played(scratch.path + "/silent.raw").isEmpty)
        #expect(silent.status.phrasesSaid == 0)
    }

    @Test func theAmplifierIsOnOnlyWhileAPhrasePlays() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.japanese], in: scratch.path)
        let out = scratch.path + "/out.raw"
        let amplifier = RecordingAmplifier(watching: out)
        let speaker = try speaker(VoiceSettings(device: Self.fileDevice(out), locales: [.japanese]), packs: pack.root, amplifier: amplifier)
        let running = Task { try await speaker.run() }
        defer { running.cancel() }

        let phrase = Phrase.paid(amount: VoiceTexts.money("1200", "JPY"), wallet: "PAYPAY")
        speaker.say(phrase)
        speaker.say(.codeExpired)
        #expect(await eventually { speaker.status.phrasesSaid == 2 })
        let first = SyntheticPack.expected(phrase, .japanese).count * 2
        let total = first + SyntheticPack.expected(.codeExpired, .japanese).count * 2
        // Switched on before each phrase's first sample, off after its last.
        #expect(amplifier.switches == ["on@0", "off@\(first)", "on@\(first)", "off@\(total)"])
    }

    @Test func noSoundCardMarksTheVoiceDownAndSayNeverWaits() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.english], in: scratch.path)
        let faults = Mutex<[String?]>([])
        let speaker = try speaker(VoiceSettings(device: "hw:7,0", locales: [.english]), packs: pack.root) { fault in
            faults.withLock { $0.append(fault) }
        }
        let running = Task { try await speaker.run() }
        defer { running.cancel() }

        #expect(await eventually { speaker.status.isDown })
        let started = ContinuousClock.now
        for _ in 0..<100 { speaker.say(.paid(amount: nil, wallet: nil)) }
        #expect(ContinuousClock.now - started < .milliseconds(50))
        #expect(speaker.status.fault?.hasPrefix("open hw:7,0: ") == true)
        #expect(speaker.status.description.hasPrefix("voice DOWN: open hw:7,0"))
        #expect(await eventually { faults.withLock { $0.first??.hasPrefix("open hw:7,0") == true } })
        #expect(speaker.status.phrasesSaid == 0)
    }

    @Test func aSpeakerWithoutPacksStaysUpUntilTheAgentStops() async throws {
        // Every service of the agent that returns stops the agent: a refused pack must not.
        let faults = Mutex<[String?]>([])
        let speaker = Speaker(settings: VoiceSettings(device: "null", locales: [.english]), unavailable: "pack refused: test",
                              logger: logs.logger()) { fault in faults.withLock { $0.append(fault) } }
        let finished = Mutex(false)
        let running = Task {
            try await speaker.run()
            finished.withLock { $0 = true }
        }
        speaker.say(.ready)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!finished.withLock { $0 })
        #expect(speaker.status.fault == "pack refused: test" && speaker.status.phrasesSaid == 0)
        #expect(faults.withLock { $0 } == ["pack refused: test"])
        running.cancel()
        #expect(await eventually { finished.withLock { $0 } })
    }

    @Test func aStalledDeviceIsShownDownAndRecovers() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.english], in: scratch.path)
        let fifo = scratch.path + "/stuck.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Nobody reads the FIFO: the file plugin's open blocks inside libasound, on the speaker's thread.
        let speaker = try speaker(VoiceSettings(device: Self.fileDevice(fifo), locales: [.english]), packs: pack.root)
        let running = Task { try await speaker.run() }
        defer { running.cancel() }

        speaker.say(.queued)
        #expect(await eventually(seconds: 15) { speaker.status.fault?.hasPrefix("device stalled") == true })
        let started = ContinuousClock.now
        speaker.say(.queued)
        #expect(ContinuousClock.now - started < .milliseconds(10))

        // A reader comes: the open completes, the queued phrases play, the voice is working again.
        let reader = FileHandle(forReadingAtPath: fifo)
        defer { try? reader?.close() }
        let drained = Task.detached { while let data = try? reader?.read(upToCount: 65_536), !data.isEmpty {} }
        defer { drained.cancel() }
        #expect(await eventually(seconds: 15) { speaker.status.fault == nil && speaker.status.phrasesSaid >= 1 })
    }
}

/// The amplifier line, recorded with how much had been played when it switched.
final class RecordingAmplifier: Amplifier {
    let file: String
    private let log = Mutex<[String]>([])

    init(watching file: String) { self.file = file }

    var settle: Duration { .milliseconds(5) }

    var switches: [String] { log.withLock { $0 } }

    func set(_ on: Bool) -> String? {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        log.withLock { $0.append("\(on ? "on" : "off")@\(size)") }
        return nil
    }
}
