import Settlement
import Testing

/// The business day of the end-of-day report: a clock time at a UTC offset, so a shop that closes
/// after midnight counts its late sales on the evening they belong to.
@Suite("Report: business days")
struct ReportDayTests {
    // 2026-12-03T00:00:00Z
    static let midnightUTC: Int64 = 1_796_256_000_000

    @Test("a day starting at midnight UTC+8", arguments: [
        // instant (ms after 2026-12-03T00:00Z) → business date
        (Int64(0), "2026-12-03"),                 // 08:00 UTC+8
        (Int64(15 * 3_600_000), "2026-12-03"),    // 23:00 UTC+8
        (Int64(16 * 3_600_000), "2026-12-04"),    // 00:00 UTC+8 the next day
        (Int64(-8 * 3_600_000 - 1), "2026-12-02"),  // 15:59:59.999 UTC on the 2nd: 23:59:59.999 UTC+8
    ])
    func midnight(offset: Int64, date: String) {
        #expect(ReportDay().day(containing: Self.midnightUTC + offset).date == date)
    }

    @Test func aShopOpenPastMidnightCountsItsLateSalesOnTheEvening() {
        let day = ReportDay(minuteOfDay: 4 * 60, utcOffsetSeconds: 8 * 3600)
        // 02:30 UTC+8 on the 4th is still the 3rd's business; 04:00 starts the 4th.
        #expect(day.day(containing: Self.midnightUTC + 18 * 3_600_000 + 30 * 60_000).date == "2026-12-03")
        #expect(day.day(containing: Self.midnightUTC + 20 * 3_600_000).date == "2026-12-04")
        let named = day.day(named: "2026-12-03")
        #expect(named?.from == Self.midnightUTC - 4 * 3_600_000, "04:00 UTC+8 on the 3rd is 20:00 UTC on the 2nd")
        #expect(named.map { $0.to - $0.from } == 86_400_000)
    }

    @Test("dates that are not dates are refused", arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "today", "", "2026-12-32"])
    func badDates(text: String) {
        #expect(ReportDay().day(named: text) == nil)
    }

    @Test func leapDaysAndYearEndsName() {
        #expect(ReportDay().day(named: "2028-02-29")?.date == "2028-02-29")
        #expect(ReportDay(minuteOfDay: 0, utcOffsetSeconds: 0).day(containing: 0).date == "1970-01-01")
        #expect(ReportDay(minuteOfDay: 0, utcOffsetSeconds: 0).day(named: "2027-01-01")?.from == 1_798_761_600_000)
    }
}
