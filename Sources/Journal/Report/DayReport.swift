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
              (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        return window(dayIndex: Self.daysFromCivil(year: year, month: month, day: day))
    }

    private func window(dayIndex: Int64) -> (date: String, from: Int64, to: Int64) {
        let from = dayIndex * Self.dayMs + Int64(minuteOfDay) * 60_000 - Int64(utcOffsetSeconds) * 1000
        return (Self.civil(dayIndex), from, from + Self.dayMs)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ days: Int64) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}

/// One business day's takings, from the journal: per currency and wallet what was paid, refunded
/// and reversed, and what is still open. Attempts count on the day they were captured; refunds on
/// the day of the payment they refund, so a day's net is what that day's sales came to.
public struct DayReport: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public var currency: String
        /// `pspName`, or `-` when the acquirer named none.
        public var wallet: String
        public var paidCount = 0
        public var paidMinor: Int64 = 0
        public var refundCount = 0
        public var refundedMinor: Int64 = 0
        public var reversedCount = 0
        public var reversedMinor: Int64 = 0
        /// Paid less refunded (reversed payments are no longer paid).
        public var netMinor: Int64 { paidMinor - refundedMinor }
    }

    public var date: String
    public var from: Int64
    public var to: Int64
    public var lines: [Line]
    /// Attempts not final yet (queued, unknown, being cancelled) and refunds still unknown.
    public var unfinished: Int
    public var needsAttention: Int
}

extension Journal {
    /// The report for attempts captured in [from, to).
    public func report(date: String, from: Int64, to: Int64) throws(JournalError) -> DayReport {
        let attempts = try query("SELECT \(Self.columns) FROM attempts WHERE captured_at >= ? AND captured_at < ? ORDER BY id",
                                 .integer(from), .integer(to))
        var lines: [String: DayReport.Line] = [:]
        var unfinished = 0
        var attention = 0
        for attempt in attempts {
            if attempt.state == .needsAttention { attention += 1 }
            if !attempt.state.isFinal { unfinished += 1 }
            let wallet = attempt.payer.wallet ?? "-"
            let key = attempt.currency + " " + wallet
            var line = lines[key] ?? DayReport.Line(currency: attempt.currency, wallet: wallet)
            switch attempt.state {
            case .succeeded:
                line.paidCount += 1
                line.paidMinor += attempt.amountMinor
                for refund in try refunds(attemptId: attempt.id) {
                    if refund.state == .refunded {
                        line.refundCount += 1
                        line.refundedMinor += refund.amountMinor
                    } else if !refund.state.isFinal {
                        unfinished += 1
                    }
                }
            case .cancelled where attempt.isReversal:
                line.reversedCount += 1
                line.reversedMinor += attempt.amountMinor
            default:
                continue
            }
            lines[key] = line
        }
        return DayReport(date: date, from: from, to: to, lines: lines.values.sorted { ($0.currency, $0.wallet) < ($1.currency, $1.wallet) },
                         unfinished: unfinished, needsAttention: attention)
    }
}

extension DayReport {
    /// The report as the console shows it, 80 columns.
    public var textLines: [String] {
        func money(_ minor: Int64, _ currency: String) -> String {
            let exponent = Self.exponents[currency] ?? 2
            guard exponent > 0 else { return "\(minor) \(currency)" }
            var scale: Int64 = 1
            for _ in 0..<exponent { scale *= 10 }
            let sign = minor < 0 ? "-" : ""
            let fraction = String(abs(minor) % scale)
            return "\(sign)\(abs(minor) / scale).\(String(repeating: "0", count: exponent - fraction.count) + fraction) \(currency)"
        }
        var out = ["report \(date) (\(Timestamp.text(from)) to \(Timestamp.text(to)) UTC)"]
        if lines.isEmpty { out.append("  no payments") }
        for line in lines {
            out.append("  \(line.currency) \(line.wallet): paid \(line.paidCount) \(money(line.paidMinor, line.currency)), "
                       + "refunded \(line.refundCount) \(money(line.refundedMinor, line.currency)), "
                       + "reversed \(line.reversedCount) \(money(line.reversedMinor, line.currency)), net \(money(line.netMinor, line.currency))")
        }
        out.append("  unfinished \(unfinished), needs attention \(needsAttention)")
        return out
    }

    /// Currencies whose minor unit is not the cent (ISO 4217), for the text only.
    static let exponents: [String: Int] = ["JPY": 0, "KRW": 0, "VND": 0, "IDR": 2, "CLP": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3]

    enum Timestamp {
        static func text(_ ms: Int64) -> String {
            let seconds = ms / 1000
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let rest = seconds - days * 86_400
            func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
            return "\(ReportDay.civil(days)) \(two(rest / 3600)):\(two(rest % 3600 / 60))"
        }
    }
}
