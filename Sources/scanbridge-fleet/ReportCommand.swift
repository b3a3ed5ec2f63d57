import ArgumentParser
import Fleet
import FoundationEssentials
import PaymentModel

/// `report DATE`: asks every online box for that business day's takings and adds them up per
/// currency and wallet. Boxes that are offline, or do not answer in time, are named: their
/// takings are not in the total.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Totals across boxes for one business day, per currency and wallet.")

    @OptionGroup var broker: BrokerOptions
    @Argument(help: "YYYY-MM-DD") var date: String

    @Option(help: "Seconds to wait for the boxes' answers.")
    var timeout: Double = 10

    func run() async throws {
        let client = try OfficeClient(settings: try broker.settings(clientID: "scanbridge-fleet-report-\(UInt32.random(in: 0...UInt32.max))"),
                                      subscriptions: ["scanbridge/+/status", "scanbridge/+/report"])
        try await client.connected()
        _ = await client.wait(timeout: .milliseconds(500)) { _ in false }
        var online: Set<String> = []
        var offline: Set<String> = []
        for message in client.messages {
            guard let status = StatusReport.parse(message.payload) else { continue }
            if status.online { online.insert(status.box); offline.remove(status.box) } else { offline.insert(status.box); online.remove(status.box) }
        }
        let askedAt = Timestamp.epochMilliseconds()
        for box in online.sorted() { try await client.publish(topic: "scanbridge/\(box)/command", payload: Array("report \(date)".utf8)) }
        func answers(_ messages: [OfficeClient.Message]) -> [String: DayReportPayload] {
            var latest: [String: DayReportPayload] = [:]
            for message in messages {
                guard let report = try? JSONDecoder().decode(DayReportPayload.self, from: Data(message.payload)),
                      report.date == date, report.at >= askedAt - 1000 else { continue }
                latest[report.box] = report
            }
            return latest
        }
        _ = await client.wait(timeout: .milliseconds(Int(timeout * 1000))) { answers($0).keys.count == online.count }
        let reports = answers(client.messages)
        await client.stop()
        var totals: [String: DayReportPayload.Line] = [:]
        for report in reports.values {
            for line in report.lines {
                let key = line.currency + " " + line.wallet
                var total = totals[key] ?? DayReportPayload.Line(currency: line.currency, wallet: line.wallet, paidCount: 0, paidMinor: 0,
                                                                 refundCount: 0, refundedMinor: 0, reversedCount: 0, reversedMinor: 0, netMinor: 0)
                total.paidCount += line.paidCount
                total.paidMinor += line.paidMinor
                total.refundCount += line.refundCount
                total.refundedMinor += line.refundedMinor
                total.reversedCount += line.reversedCount
                total.reversedMinor += line.reversedMinor
                total.netMinor += line.netMinor
                totals[key] = total
            }
        }
        print("report \(date): \(reports.count) of \(online.count) online box(es) answered")
        print("CURRENCY  WALLET  PAID  PAID (MINOR)  REFUNDS  REFUNDED (MINOR)  REVERSED  NET (MINOR)")
        for line in totals.values.sorted(by: { ($0.currency, $0.wallet) < ($1.currency, $1.wallet) }) {
            print("\(line.currency)  \(line.wallet)  \(line.paidCount)  \(line.paidMinor)  \(line.refundCount)  \(line.refundedMinor)  \(line.reversedCount)  \(line.netMinor)")
        }
        let missing = online.subtracting(reports.keys).sorted()
        if !missing.isEmpty { print("no answer from: \(missing.joined(separator: ", ")) (not in the totals)") }
        if !offline.isEmpty { print("offline: \(offline.sorted().joined(separator: ", ")) (not in the totals)") }
    }
}
