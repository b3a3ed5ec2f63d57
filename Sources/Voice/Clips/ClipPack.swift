import POSIX

/// One locale's recorded words: a folder of 16 kHz mono WAV files and a `manifest.tsv` naming
/// each (`name<TAB>file<TAB>text`). The grammar's whole vocabulary must be there, or the pack is
/// refused at load with the first missing clip's name: a box must never find out at the counter
/// that it cannot say "thousand". A vendor replaces a clip by recording a file of the same name.
public struct ClipPack: Sendable {
    public struct Clip: Sendable {
        public let samples: [Int16]
        /// What it says, for the demo's and the console's transcript.
        public let text: String
    }

    public let locale: VoiceLocale
    public let directory: String
    public let clips: [String: Clip]

    public static let manifestName = "manifest.tsv"
    /// A clip file may be at most this big (15 s); the largest generated clip is about 3 s.
    static let clipLimit = 512 * 1024

    /// Loads `<root>/<locale>/`: every clip of the manifest, checked against the grammar.
    public static func load(root: String, locale: VoiceLocale) throws(ClipPackError) -> ClipPack {
        let directory = root.hasSuffix("/") ? root + locale.rawValue : root + "/" + locale.rawValue
        let manifestPath = directory + "/" + manifestName
        let manifest: String
        do throws(WholeFile.Failure) {
            manifest = try WholeFile.text(manifestPath)
        } catch {
            throw .unreadableManifest(path: manifestPath, error.errno.map(\.description) ?? error.description)
        }
        let entries: [String: ClipManifest.Entry]
        do throws(ManifestError) {
            entries = try ClipManifest(parsing: manifest).entries
        } catch {
            throw .malformedLine(path: manifestPath, line: error.line, error.problem)
        }
        let needed = PhraseGrammar.vocabulary(of: locale)
        if let missing = needed.subtracting(entries.keys).sorted().first {
            throw .missingClip(locale: locale.rawValue, name: missing)
        }
        var clips: [String: Clip] = [:]
        for name in needed.sorted() {
            let entry = entries[name]!
            let path = directory + "/" + entry.file
            let bytes: [UInt8]
            do throws(WholeFile.Failure) {
                bytes = try WholeFile.read(path, limit: clipLimit)
            } catch {
                throw .unreadableClip(name: name, path: path, error.errno.map(\.description) ?? error.description)
            }
            do throws(WAVError) {
                clips[name] = Clip(samples: try WAVClip(parsing: bytes).samples, text: entry.text)
            } catch {
                throw .badClip(name: name, path: path, error)
            }
        }
        return ClipPack(locale: locale, directory: directory, clips: clips)
    }

    /// The clips joined into one buffer: a phrase plays without a gap between its words.
    public func samples(for names: [String]) -> [Int16] {
        var joined = [Int16]()
        joined.reserveCapacity(names.reduce(0) { $0 + (clips[$1]?.samples.count ?? 0) })
        for name in names { joined += clips[name]?.samples ?? [] }
        return joined
    }

    /// What the phrase says, in words.
    public func text(for names: [String]) -> String {
        names.map { clips[$0]?.text ?? $0 }.joined(separator: locale.spacesWords ? " " : "")
    }

    /// Bytes of sound held in memory.
    public var sampleBytes: Int { clips.values.reduce(0) { $0 + $1.samples.count * 2 } }
}
