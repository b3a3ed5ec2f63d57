/// How the box speaks, as the composition root builds it from `voice.*` and the board profile.
public struct VoiceSettings: Sendable, Hashable {
    /// The ALSA PCM: the board's `audio.device`, `voice.device` over it, `default` without either.
    public var device: String
    /// The first language, then an optional second for bilingual shops: each phrase is said in
    /// both, one after the other, in one buffer.
    public var locales: [VoiceLocale]
    /// 0–100 % of the clip's level.
    public var volume: Int
    public var quietHours: QuietHours?
    public var announceStartup: Bool
    public var announceFaults: Bool
    /// How long a phrase may take past its own length before the device counts as stalled.
    public var stallGrace: Duration = .seconds(2)
    /// When the device cannot be opened: retry after 1, 2, 4, 8 and 16 s, then this often (the
    /// indicators' schedule: a USB sound card or a codec whose driver loads late comes back).
    public var retryInterval: Duration = .seconds(30)

    public init(device: String, locales: [VoiceLocale], volume: Int = 100, quietHours: QuietHours? = nil,
                announceStartup: Bool = false, announceFaults: Bool = true) {
        self.device = device
        self.locales = locales
        self.volume = volume
        self.quietHours = quietHours
        self.announceStartup = announceStartup
        self.announceFaults = announceFaults
    }
}

/// A daily window (local time at a fixed UTC offset, like the report day) in which the box speaks
/// at a lower volume, or not at all: a shop in a residential block after 22:00.
public struct QuietHours: Sendable, Hashable {
    public var startMinute: Int
    public var endMinute: Int
    public var utcOffsetSeconds: Int
    /// 0–100 %; 0 is silent.
    public var volume: Int

    public init(startMinute: Int, endMinute: Int, utcOffsetSeconds: Int, volume: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.utcOffsetSeconds = utcOffsetSeconds
        self.volume = volume
    }

    /// Whether the Unix time (ms) falls in the window; a window may span midnight (22:00–07:00).
    public func contains(unixMilliseconds: Int64) -> Bool {
        let local = unixMilliseconds / 1000 + Int64(utcOffsetSeconds)
        let minute = Int(((local % 86_400) + 86_400) % 86_400 / 60)
        if startMinute == endMinute { return false }
        return startMinute < endMinute
            ? minute >= startMinute && minute < endMinute
            : minute >= startMinute || minute < endMinute
    }
}
