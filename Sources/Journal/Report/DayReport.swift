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

