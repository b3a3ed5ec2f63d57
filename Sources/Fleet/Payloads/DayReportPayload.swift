import Journal

/// `scanbridge/<box>/report`, version 1, retained: one business day's takings per currency and
/// wallet (the console's `report`), published every status interval for today and on
/// `report [DATE]`. Amounts in minor units, as in `payments`.
public struct DayReportPayload: Codable, Sendable, Equatable {
    public struct Line: Codable, Sendable, Equatable {
        public var currency: String
        public var wallet: String
        public var paidCount: Int
        public var paidMinor: Int64
        public var refundCount: Int
        public var refundedMinor: Int64
        public var reversedCount: Int
        public var reversedMinor: Int64
        public var netMinor: Int64

        public init(currency: String, wallet: String, paidCount: Int = 0, paidMinor: Int64 = 0, refundCount: Int = 0, refundedMinor: Int64 = 0,
                    reversedCount: Int = 0, reversedMinor: Int64 = 0, netMinor: Int64 = 0) {
            self.currency = currency
            self.wallet = wallet
            self.paidCount = paidCount
            self.paidMinor = paidMinor
            self.refundCount = refundCount
            self.refundedMinor = refundedMinor
            self.reversedCount = reversedCount
            self.reversedMinor = reversedMinor
            self.netMinor = netMinor
        }
    }

    public var v = 1
    public var box: String
    public var date: String
    /// The business day's window, Unix ms [from, to).
    public var from: Int64
    public var to: Int64
    public var lines: [Line]
    public var unfinished: Int
    public var needsAttention: Int
    public var at: Int64

    public init(_ report: DayReport, box: String, at: Int64) {
        self.box = box
        date = report.date
        from = report.from
        to = report.to
        lines = report.lines.map {
            Line(currency: $0.currency, wallet: $0.wallet, paidCount: $0.paidCount, paidMinor: $0.paidMinor, refundCount: $0.refundCount,
                 refundedMinor: $0.refundedMinor, reversedCount: $0.reversedCount, reversedMinor: $0.reversedMinor, netMinor: $0.netMinor)
        }
        unfinished = report.unfinished
        needsAttention = report.needsAttention
        self.at = at
    }

    public var json: [UInt8] { FleetJSON.encode(self) }
}
