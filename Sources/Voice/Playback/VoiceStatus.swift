/// What `status` and the metrics show about the voice.
public struct VoiceStatus: Sendable, Equatable, CustomStringConvertible {
    /// nil when it works; otherwise why not (no sound card, write error, stalled device, pack).
    public var fault: String?
    public var device: String
    public var locales: [VoiceLocale]
    /// The last phrase said, in words.
    public var lastSaid: String?
    public var phrasesSaid: Int
    public var phrasesDropped: Int
    /// Times the device ran dry inside a phrase (a short hole in the sound): the box too busy.
    public var underruns: Int = 0

    public var isDown: Bool { fault != nil }

    /// `voice ok (default, en+cmn)` / `voice DOWN: open default: No such file or directory`.
    public var description: String {
        let where_ = "\(device), \(locales.map(\.rawValue).joined(separator: "+"))"
        return fault.map { "voice DOWN: \($0) (\(where_))" } ?? "voice ok (\(where_))"
    }
}
