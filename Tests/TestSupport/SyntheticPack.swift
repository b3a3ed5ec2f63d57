import Foundation
import Voice

/// A pack whose every clip is a known, distinct ramp of samples, written as real WAV files with a
/// manifest: what the speaker must put on the wire can then be computed here, independently of
/// the pack loader.
public struct SyntheticPack {
    public let root: String

    public init(locales: [VoiceLocale], in directory: String, leaving missing: String? = nil) throws {
        root = directory + "/packs"
        for locale in locales {
            let folder = "\(root)/\(locale.rawValue)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var manifest = "# synthetic test pack\n"
            for name in PhraseGrammar.vocabulary(of: locale).sorted() where name != missing {
                try Data(WAVClip(samples: Self.samples(of: name, locale)).bytes).write(to: URL(fileURLWithPath: "\(folder)/\(name).wav"))
                manifest += "\(name)\t\(name).wav\t[\(name)]\n"
            }
            try manifest.write(toFile: "\(folder)/\(ClipPack.manifestName)", atomically: true, encoding: .utf8)
        }
    }

    /// 40–167 samples, a ramp starting from a value that depends on the clip's name and locale.
    public static func samples(of name: String, _ locale: VoiceLocale) -> [Int16] {
        let seed = (name + locale.rawValue).utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        let count = 40 + Int(seed % 128)
        let start = Int16(truncatingIfNeeded: Int32(seed >> 8) % 20_000 - 10_000)
        return (0..<count).map { start &+ Int16($0 * 37) }
    }

    /// What a phrase must sound like: its clips' samples, end to end.
    public static func expected(_ phrase: Phrase, _ locale: VoiceLocale) -> [Int16] {
        PhraseGrammar.clips(for: phrase, in: locale).flatMap { samples(of: $0, locale) }
    }
}

/// A fresh temporary directory, removed by `remove()`.
public struct ScratchDirectory {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "scanbridge-voice-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension Array where Element == Int16 {
    /// Little-endian bytes, as ALSA's file plugin writes S16_LE.
    public var littleEndianBytes: [UInt8] { flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] } }
}
