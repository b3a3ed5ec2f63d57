/// How long to wait, how often to ask and when to give up. Defaults follow Antom's best practice
/// and Alipay+'s acquirer guidance (docs/ACQUIRER.md, antom-api.md §5–§9).
public struct SettlementPolicy: Hashable, Sendable {
    /// Ask inquiryPayment this often while the outcome is unknown.
    public var inquiryInterval: Duration = .seconds(3)
    /// After this many inquiries without a final answer, cancel.
    public var maxInquiries = 20
    /// Delays between cancel retries; the last one repeats until the cancel lands.
    public var cancelBackoff: [Duration] = [.seconds(2), .seconds(3), .seconds(3), .seconds(5), .seconds(5)]
    /// Past this calendar time (counted from the payment's capture) a cancel can no longer reverse
    /// it: an outcome still unknown then is handed to a person (needsAttention).
    public var cancelDeadline: CancelDeadline = .antom
    /// False for a contract whose payment methods cannot be cancelled (Antom lists some
    /// Indonesian ones): an outcome still unknown after the inquiries goes to a person, with the
    /// reason, instead of a cancel that would only be refused.
    public var cancelSupported = true
    /// A scanned code not sent within this time is never sent: wallets refresh codes about
    /// every minute, so the customer must show a fresh one.
    public var codeValidity: Duration = .seconds(60)
    /// First retry of a queued (never sent) pay; doubles up to `offlineRetryMax`, with jitter.
    public var offlineRetryMin: Duration = .seconds(1)
    public var offlineRetryMax: Duration = .seconds(8)
    /// Final attempts are kept this long, then pruned.
    public var retention: Duration = .seconds(90 * 24 * 3600)

    public init() {}

    func cancelDelay(afterTries tries: Int) -> Duration {
        cancelBackoff.isEmpty ? .seconds(5) : cancelBackoff[min(max(tries - 1, 0), cancelBackoff.count - 1)]
    }
}

extension Duration {
    /// Whole milliseconds, for the journal's Unix-ms timestamps.
    var ms: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
