/// The last moment the acquirer takes a cancel for a payment: a clock time, at a fixed UTC offset,
/// on a calendar day counted from the payment's own day at that offset. Antom's cancel guides give
/// 00:15 UTC+8 on the day after the payment; a contract may say otherwise, hence a setting. It is
/// a calendar time, not a duration from when the box began cancelling: a box that was offline all
/// night must not go on cancelling a payment the acquirer can no longer reverse.
public struct CancelDeadline: Hashable, Sendable {
    /// Minutes after midnight at `utcOffsetSeconds` (00:15 → 15).
    public var minuteOfDay: Int
    public var utcOffsetSeconds: Int
    /// Calendar days after the payment's day (1: the next day).
    public var daysAfter: Int

    public init(minuteOfDay: Int, utcOffsetSeconds: Int, daysAfter: Int = 1) {
        self.minuteOfDay = minuteOfDay
        self.utcOffsetSeconds = utcOffsetSeconds
        self.daysAfter = daysAfter
    }

    /// 00:15 UTC+8 on the day after the payment.
    public static let antom = CancelDeadline(minuteOfDay: 15, utcOffsetSeconds: 8 * 3600)

    /// The deadline, in Unix ms, for a payment made at `paidAt` (Unix ms).
    public func instant(forPaymentAt paidAt: Int64) -> Int64 {
        let day: Int64 = 86_400_000
        let offset = Int64(utcOffsetSeconds) * 1000
        let local = paidAt + offset
        let localDay = local >= 0 ? local / day : (local - day + 1) / day
        return (localDay + Int64(daysAfter)) * day + Int64(minuteOfDay) * 60_000 - offset
    }

    /// e.g. `00:15 UTC+08:00 the next day`, for reasons in the journal and on the console.
    public var description: String {
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let offset = abs(utcOffsetSeconds) / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let day = daysAfter == 0 ? "the same day" : daysAfter == 1 ? "the next day" : "\(daysAfter) days later"
        return "\(two(minuteOfDay / 60)):\(two(minuteOfDay % 60)) UTC\(sign)\(two(offset / 60)):\(two(offset % 60)) \(day)"
    }
}
