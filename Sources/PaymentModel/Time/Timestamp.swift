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

    /// Reads `2020-06-11T13:35:02+08:00` (also `Z`, and fractional seconds, which are dropped) back
    /// to Unix seconds; also accepts Unix milliseconds. Nil for anything else.
    public static func epochSeconds(parsing text: String) -> Int64? {
        if text.count >= 12, text.allSatisfy(\.isNumber), let ms = Int64(text) { return ms / 1000 }
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= chars.count else { return nil }
            var value: Int64 = 0
            for byte in chars[from..<(from + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard chars.count >= 20, chars[4] == 0x2D, chars[7] == 0x2D, chars[10] == 0x54, chars[13] == 0x3A, chars[16] == 0x3A,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        if index < chars.count, chars[index] == 0x2E {  // fraction
            index += 1
            while index < chars.count, (0x30...0x39).contains(chars[index]) { index += 1 }
        }
        var offset: Int64 = 0
        guard index < chars.count else { return nil }
        if chars[index] == 0x5A {  // Z
            guard index + 1 == chars.count else { return nil }
        } else {
            guard chars[index] == 0x2B || chars[index] == 0x2D, let hours = number(index + 1, 2), index + 3 < chars.count,
                  chars[index + 3] == 0x3A, let minutes = number(index + 4, 2), index + 6 == chars.count else { return nil }
            offset = (hours * 3600 + minutes * 60) * (chars[index] == 0x2D ? -1 : 1)
        }
        return days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    /// Howard Hinnant's days-from-civil: days since 1970-01-01 of a proleptic Gregorian date.
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Howard Hinnant's days-to-civil: proleptic Gregorian date from days since 1970-01-01.
    public static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
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
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
