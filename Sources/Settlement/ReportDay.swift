import PaymentModel

/// Where a shop's day begins: a clock time at a fixed UTC offset (`report.day-start`). A shop that
/// closes at 02:00 starts its day at 04:00, so the late sales count for the evening they belong to.
public struct ReportDay: Hashable, Sendable {
    public var minuteOfDay: Int
    public var utcOffsetSeconds: Int

    public init(minuteOfDay: Int = 0, utcOffsetSeconds: Int = 8 * 3600) {
        self.minuteOfDay = minuteOfDay
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    static let dayMs: Int64 = 86_400_000

    /// The business day holding `instant` (Unix ms): its date and [from, to) in Unix ms.
    public func day(containing instant: Int64) -> (date: String, from: Int64, to: Int64) {
        let shifted = instant + Int64(utcOffsetSeconds) * 1000 - Int64(minuteOfDay) * 60_000
        let index = shifted >= 0 ? shifted / Self.dayMs : (shifted - Self.dayMs + 1) / Self.dayMs
        return window(dayIndex: index)
    }

    /// The business day named `YYYY-MM-DD`; nil for anything else.
    public func day(named date: String) -> (date: String, from: Int64, to: Int64)? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
              (1...12).contains(month), day >= 1 else { return nil }
        let index = Timestamp.days(fromCivil: year, month, day)
        // 2026-02-30 would count on to 03-02: a real date comes back as itself.
        guard Timestamp.civil(fromDays: index) == (year, month, day) else { return nil }
        return window(dayIndex: index)
    }

    private func window(dayIndex: Int64) -> (date: String, from: Int64, to: Int64) {
        let from = dayIndex * Self.dayMs + Int64(minuteOfDay) * 60_000 - Int64(utcOffsetSeconds) * 1000
        let (year, month, day) = Timestamp.civil(fromDays: dayIndex)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return ("\(year)-\(two(month))-\(two(day))", from, from + Self.dayMs)
    }
}
