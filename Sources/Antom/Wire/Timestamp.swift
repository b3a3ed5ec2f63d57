import Glibc

/// Wall-clock readings in the two forms Antom uses, computed with integer arithmetic only (no
/// formatter, no time-zone database needed beyond the C library's local offset).
public enum Timestamp {
    /// Milliseconds since the Unix epoch: the `request-time` header.
    public static func epochMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// The local UTC offset in seconds at `epochSeconds`, from the C library (TZ / localtime).
    public static func localOffsetSeconds(at epochSeconds: Int64) -> Int {
        var time = time_t(epochSeconds)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return 0 }
        return parts.tm_gmtoff
    }

    /// ISO-8601 with an explicit offset, seconds precision: `2020-06-11T13:35:02+08:00`.
    public static func iso8601(epochSeconds: Int64, offsetSeconds: Int) -> String {
        let local = epochSeconds + Int64(offsetSeconds)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offsetMinutes = abs(offsetSeconds) / 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))"
            + "\(sign)\(pad(Int64(offsetMinutes / 60), 2)):\(pad(Int64(offsetMinutes % 60), 2))"
    }

    /// Howard Hinnant's days-to-civil: proleptic Gregorian date from days since 1970-01-01.
    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let shifted = z + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        String(value).leftPadded(to: width)
    }
}
