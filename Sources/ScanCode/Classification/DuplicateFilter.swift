/// Drops a payment code seen again within a window (default 3 s). Scanners in presentation mode
/// read the same phone screen several times; a code is single-use, so a repeat is never a new
/// payment. Keeps a few recent codes in a fixed ring: no allocation per scan.
public struct DuplicateFilter: Sendable {
    public let window: Duration
    private var recent: [(code: PaymentCode, at: ContinuousClock.Instant)?]
    private var next = 0

    public init(window: Duration = .seconds(3), remembered: Int = 8) {
        self.window = window
        self.recent = Array(repeating: nil, count: max(1, remembered))
    }

    /// True when `code` is new or was last seen a window ago; false for a repeat inside the window.
    public mutating func admit(_ code: PaymentCode, at now: ContinuousClock.Instant) -> Bool {
        for index in recent.indices {
            guard let entry = recent[index], entry.code == code else { continue }
            // The window slides: a phone held under the scanner keeps its code suppressed.
            recent[index] = (code, now)
            return now - entry.at >= window
        }
        recent[next] = (code, now)
        next = (next + 1) % recent.count
        return true
    }
}
