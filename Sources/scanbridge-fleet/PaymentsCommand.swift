import ArgumentParser
import Fleet
import FoundationEssentials
import PaymentModel

/// `payments`: what the boxes exported, deduplicated, for reconciliation with Antom's settlement
/// report. The broker keeps a session for the tool's fixed client id (30 days), so what boxes
/// publish while the tool is not running waits for it; each run drains that into a local archive
/// (JSON lines, every record as received) and answers from the archive.
struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "payments", abstract: "Exported payments and refunds since a date, deduplicated, as CSV or JSON.")

    @OptionGroup var broker: BrokerOptions

    @Option(help: "Records created at or after this: YYYY-MM-DD (UTC), an ISO 8601 time, or Unix ms.")
    var since: String = "1970-01-01"

    @Option(help: "csv or json.")
    var format: String = "csv"

    @Option(help: "The archive of everything received (appended to).")
    var archive: String = "fleet-payments.jsonl"

    @Option(help: "Stop draining after this many seconds without a new record.")
    var quiet: Double = 1

    func validate() throws {
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
        guard Self.instant(since) != nil else { throw ValidationError("--since \(since) is not YYYY-MM-DD, an ISO 8601 time or Unix ms") }
    }

    func run() async throws {
        let client = try OfficeClient(settings: try broker.settings(clientID: "scanbridge-fleet-archive", sessionExpiry: .seconds(30 * 86_400)),
                                      subscriptions: ["scanbridge/+/payments"])
        try await client.connected()
        var seen = 0
        var lastChange = ContinuousClock.now
        while ContinuousClock.now - lastChange < .milliseconds(Int(quiet * 1000)) {
            let count = client.messages.count
            if count != seen {
                if count / 1000 != seen / 1000 { FileOutput.standardError("received \(count) record(s)…") }
                seen = count
                lastChange = ContinuousClock.now
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let received = client.messages
        await client.stop()
        try PaymentArchive(path: archive).append(received.map(\.payload))
        let records = try PaymentArchive(path: archive).deduplicated()
        let from = Self.instant(since) ?? 0
        let selected = records.filter { $0.createdAt >= from }.sorted { ($0.createdAt, $0.dedupKey) < ($1.createdAt, $1.dedupKey) }
        FileOutput.standardError("\(received.count) new record(s); \(selected.count) since \(since) after deduplication")
        print(format == "json" ? PaymentArchive.json(selected) : PaymentArchive.csv(selected), terminator: "")
    }

    static func instant(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        if text.count == 10, let seconds = Timestamp.epochSeconds(parsing: text + "T00:00:00Z") { return seconds * 1000 }
        return Timestamp.epochSeconds(parsing: text).map { $0 * 1000 }
    }
}
