import Voice

/// What a vendor's pack hands the agent: a clip file and a manifest. A clip either parses into
/// samples that write back to the same clip, or is refused with a `WAVError`; a manifest either
/// parses into entries whose files stay in the pack's folder, or is refused with the line.
///
/// Input: [0: clip, 1: manifest] bytes…
enum VoicePackTarget {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        if input.byte() & 1 == 0 {
            let bytes = Array(input.rest())
            guard let clip = try? WAVClip(parsing: bytes) else { return }
            check(clip.samples.count * 2 <= bytes.count, "\(clip.samples.count) samples from \(bytes.count) bytes")
            check((try? WAVClip(parsing: clip.bytes)) == clip, "a parsed clip does not survive being written")
        } else {
            let text = input.rest().string
            do throws(ManifestError) {
                let manifest = try ClipManifest(parsing: text)
                for (name, entry) in manifest.entries {
                    check(!name.isEmpty && !entry.file.isEmpty && !entry.file.contains("/"), "entry \(name) → \(entry.file)")
                }
            } catch {
                check(error.line >= 1, "line \(error.line)")
            }
        }
    }
}
