import ArgumentParser
import Glibc
import Fleet
import PaymentModel

/// `status`: every box's retained status as a table. A box that went away shows `no` (its Will);
/// its last-seen time is the last status the broker kept before that, which the Will replaces,
/// so it shows `-`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "A table of boxes: online, last seen, queue, export backlog, last payment, version.")

    @OptionGroup var broker: BrokerOptions

    @Option(help: "How long to collect retained statuses, in seconds.")
    var wait: Double = 1

    @Option(help: "Follow the fleet: redraw the table every this many seconds, until interrupted.")
    var watch: Double?

    func run() async throws {
        let client = try OfficeClient(settings: try broker.settings(clientID: "scanbridge-fleet-status-\(UInt32.random(in: 0...UInt32.max))"),
                                      subscriptions: ["scanbridge/+/status"])
        try await client.connected()
        _ = await client.wait(timeout: .milliseconds(Int(wait * 1000))) { _ in false }
        guard let watch, watch > 0 else {
            print(Self.table(Self.latest(client)))
            await client.stop()
            return
        }
        // The subscription stays open: each status a box publishes arrives, and the table is
        // drawn again from the newest per box (a second terminal beside the demo).
        while !Task.isCancelled {
            // write(2), not print: stdout is block-buffered on a pipe, and each frame must show now.
            let frame = "\u{1B}[H\u{1B}[2J" + Self.table(Self.latest(client)) + "\n"
            _ = frame.withCString { Glibc.write(STDOUT_FILENO, $0, strlen($0)) }
            try await Task.sleep(for: .milliseconds(Int(watch * 1000)))
        }
        await client.stop()
    }

    /// The newest status of every box heard so far.
    static func latest(_ client: OfficeClient) -> [StatusReport] {
        var latest: [String: StatusReport] = [:]
        for message in client.messages {
            if let report = StatusReport.parse(message.payload) { latest[report.box] = report }
        }
        return latest.values.sorted { $0.box < $1.box }
    }

    static func table(_ reports: [StatusReport]) -> String {
        var rows = [["BOX", "ONLINE", "LAST SEEN (UTC)", "QUEUE", "BACKLOG", "LAST PAYMENT", "VERSION"]]
        for report in reports {
            let last = report.lastResult.map { result in
                [result.outcome, result.amount.map { "\($0.value) \($0.currency) (minor)" } ?? "", "at", time(result.at)].filter { !$0.isEmpty }.joined(separator: " ")
            } ?? "-"
            rows.append([report.box, report.online ? "yes" : "no", report.at.map(time) ?? "-", report.queueDepth.map(String.init) ?? "-",
                         report.exportBacklog.map(String.init) ?? "-", last, report.version ?? "-"])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { index, cell in cell + String(repeating: " ", count: widths[index] - cell.count) }.joined(separator: "  ")
        }
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n") + "\n\(reports.count) box(es), \(reports.filter(\.online).count) online"
    }

    static func time(_ milliseconds: Int64) -> String {
        String(Timestamp.iso8601(epochSeconds: milliseconds / 1000, offsetSeconds: 0).prefix(19))
    }
}
