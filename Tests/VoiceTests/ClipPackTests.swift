import Foundation
import Testing
import TestSupport
@testable import Voice

@Suite("Clip packs")
struct ClipPackTests {
    /// The packs as the .deb ships them: scripts/voice-packs run on voice/ (cached in .build-voice,
    /// made again when a source or the script changed).
    static func generatedPacks() throws -> String { try made.get() }

    /// Made once per run: the parameterised tests run in parallel, and the script replaces a pack
    /// it remakes.
    static let made = Result<String, any Error> {
        let root = BoxFiles.repository.path + "/.build-voice/packs"
        let script = Process()
        script.executableURL = URL(fileURLWithPath: BoxFiles.repository.path + "/scripts/voice-packs")
        script.arguments = [root]
        try script.run()
        script.waitUntilExit()
        guard script.terminationStatus == 0 else { throw PackScriptFailed(status: script.terminationStatus) }
        return root
    }

    struct PackScriptFailed: Error { let status: Int32 }

    @Test("The generated pack loads, with every clip 16 kHz mono and a sound in it", arguments: VoiceLocale.allCases)
    func generatedPackLoads(_ locale: VoiceLocale) throws {
        let pack = try ClipPack.load(root: try Self.generatedPacks(), locale: locale)
        #expect(Set(pack.clips.keys) == PhraseGrammar.vocabulary(of: locale))
        for (name, clip) in pack.clips {
            // espeak-ng's shortest word ("で", "n.1") is well over 50 ms; its longest sentence (cmn p.expired) is 6.1 s.
            #expect((800...160_000).contains(clip.samples.count), "\(locale.rawValue) \(name): \(clip.samples.count) samples")
            #expect(clip.samples.contains { abs(Int($0)) > 1000 }, "\(locale.rawValue) \(name) is silent")
        }
        let paid = PhraseGrammar.clips(for: .paid(amount: VoiceTexts.money("1005.05", "SGD"), wallet: "GCASH"), in: locale)
        let seconds = Double(pack.samples(for: paid).count) / Double(PCMFormat.sampleRate)
        #expect((1.0...12.0).contains(seconds), "\(locale.rawValue): the paid phrase lasts \(seconds) s")
    }

    @Test func aPackMissingAClipIsRefusedWithItsName() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.mandarin], in: scratch.path, leaving: "w.wan")
        #expect(throws: ClipPackError.missingClip(locale: "cmn", name: "w.wan")) {
            try ClipPack.load(root: pack.root, locale: .mandarin)
        }
        #expect(ClipPackError.missingClip(locale: "cmn", name: "w.wan").description == "the cmn pack has no clip \"w.wan\", which the grammar needs")
    }

    @Test func aStudioRecordingReplacesAClipOfTheSameName() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.english], in: scratch.path)
        let studio = [Int16](repeating: 1234, count: 5000)
        try Data(WAVClip(samples: studio).bytes).write(to: URL(fileURLWithPath: pack.root + "/en/wallet.gcash.wav"))
        let loaded = try ClipPack.load(root: pack.root, locale: .english)
        #expect(loaded.samples(for: ["wallet.gcash"]) == studio)
    }

    @Test func aClipInAnotherFormatIsRefused() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.english], in: scratch.path)
        var stereo = WAVClip(samples: [1, 2, 3, 4]).bytes
        stereo[22] = 2  // channels
        try Data(stereo).write(to: URL(fileURLWithPath: pack.root + "/en/n.7.wav"))
        #expect(throws: ClipPackError.badClip(name: "n.7", path: pack.root + "/en/n.7.wav", .unsupported("2 channels, not mono"))) {
            try ClipPack.load(root: pack.root, locale: .english)
        }
        try Data("not a wav".utf8).write(to: URL(fileURLWithPath: pack.root + "/en/n.7.wav"))
        #expect(throws: ClipPackError.badClip(name: "n.7", path: pack.root + "/en/n.7.wav", .notWAVE)) {
            try ClipPack.load(root: pack.root, locale: .english)
        }
    }

    @Test func aMalformedManifestSaysWhere() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let pack = try SyntheticPack(locales: [.english], in: scratch.path)
        let manifest = pack.root + "/en/manifest.tsv"
        try (try String(contentsOfFile: manifest, encoding: .utf8) + "n.1 without tabs\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(throws: ClipPackError.self) { try ClipPack.load(root: pack.root, locale: .english) }
        do {
            _ = try ClipPack.load(root: pack.root, locale: .english)
        } catch {
            #expect("\(error)".contains("manifest.tsv:"))
        }
        do {
            _ = try ClipPack.load(root: pack.root, locale: .thai)
            Issue.record("a pack without a manifest loaded")
        } catch {
            #expect(error.description == "cannot read \(pack.root)/th/manifest.tsv: No such file or directory (errno 2)")
        }
    }

    @Test func wavRoundTripsAndRefusesTruncation() throws {
        let clip = WAVClip(samples: [0, 1, -1, .max, .min, 300])
        #expect(try WAVClip(parsing: clip.bytes) == clip)
        #expect(throws: WAVError.truncated) { try WAVClip(parsing: Array(clip.bytes.dropLast(3))) }
        var eightKilohertz = clip.bytes
        eightKilohertz[24] = 0x40; eightKilohertz[25] = 0x1F  // 8000 Hz
        #expect(throws: WAVError.unsupported("8000 Hz, not 16000")) { try WAVClip(parsing: eightKilohertz) }
    }
}
