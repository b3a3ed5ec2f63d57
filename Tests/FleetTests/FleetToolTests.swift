import Fleet
import Foundation
import Settlement
import Testing
import TestSupport

/// `scanbridge-fleet` against agent processes on one broker: the status table, the payments
/// archive (what boxes published while the tool was away included), set with the box's answer,
/// and the day's totals across boxes.
@Suite("scanbridge-fleet", .serialized)
struct FleetToolTests {
    struct Run {
        let status: Int32
        let output: String
    }

    static func tool(_ arguments: [String], broker: Broker, in directory: String) async throws -> Run {
        let process = Process()
        process.executableURL = try builtExecutable("scanbridge-fleet")
        process.arguments = [arguments[0], "--broker", "mqtt://127.0.0.1:\(broker.port)"] + arguments.dropFirst()
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let status = await exitStatus(of: process)
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Run(status: status, output: output)
    }

    @Test func statusPaymentsSetAndReportAcrossBoxes() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let office = broker.directory
        // The archive's broker session starts with its first run.
        #expect(try await Self.tool(["payments"], broker: broker, in: office).status == 0)

        var boxes: [FleetBox] = []
        for name in ["BOX-1", "BOX-2", "BOX-3"] {
            let box = try await FleetBox(brokerPort: broker.port, boxID: name)
            try box.start()
            boxes.append(box)
        }
        for box in boxes { #expect(await box.pay(2)) }
        for box in boxes {
            let journal = try box.openJournal()
            #expect(await eventually(seconds: 20) { (try? await journal.exportBacklog().count) == 0 }, "\(box.boxID) exported")
        }
        await boxes[2].kill()

        let status = try await Self.tool(["status"], broker: broker, in: office)
        #expect(status.status == 0)
        #expect(status.output.split(separator: "\n").first?.hasPrefix("BOX  ") == true, "\(status.output)")
        // The statuses catch up within a status gap (1 s) and a poll (5 s).
        var table = ""
        #expect(await eventually(seconds: 15, every: .milliseconds(500)) {
            table = (try? await Self.tool(["status"], broker: broker, in: office))?.output ?? ""
            let rows = table.split(separator: "\n").map(String.init)
            return table.contains("3 box(es), 2 online")
                && rows.contains { $0.hasPrefix("BOX-1 ") && $0.contains(" yes ") && $0.contains("paid 1250 USD") && $0.hasSuffix("0.1.0") }
                && rows.contains { $0.hasPrefix("BOX-3 ") && $0.contains(" no ") }
        }, "the table lists the three, the killed one offline: \(table)")

        let csv = try await Self.tool(["payments", "--format", "csv"], broker: broker, in: office)
        #expect(csv.status == 0)
        var paid = Set<String>()
        for box in boxes { paid.formUnion(await box.paidRequestIDs()) }
        let lines = csv.output.split(separator: "\n").dropFirst()
        #expect(lines.count == paid.count, "one line per payment, deduplicated: \(csv.output)")
        #expect(Set(lines.map { String($0.split(separator: ",", omittingEmptySubsequences: false)[2]) }) == paid)
        // Again: the archive answers; nothing new arrived, nothing doubles.
        let json = try await Self.tool(["payments", "--format", "json", "--since", "2020-01-01"], broker: broker, in: office)
        let records = try JSONDecoder().decode([PaymentRecord].self, from: Data(json.output.utf8))
        #expect(records.count == paid.count && records.allSatisfy { $0.state == "succeeded" })

        let set = try await Self.tool(["set", "BOX-1", "amount.fixed", "3.00"], broker: broker, in: office)
        #expect(set.status == 0 && set.output.contains("BOX-1: amount.fixed = 3.00") && set.output.contains("applied now: amount.fixed"), "\(set.output)")
        let refused = try await Self.tool(["set", "BOX-1", "amount.fixed", "three"], broker: broker, in: office)
        #expect(refused.status == 1 && refused.output.contains("refused"), "\(refused.output)")
        let absent = try await Self.tool(["set", "BOX-3", "amount.fixed", "3.00", "--timeout", "1"], broker: broker, in: office)
        #expect(absent.status == 2 && absent.output.contains("did not answer"))

        let today = ReportDay().day(containing: Int64(Date().timeIntervalSince1970 * 1000)).date
        let report = try await Self.tool(["report", today], broker: broker, in: office)
        #expect(report.output.contains("2 of 2 online box(es) answered"), "\(report.output)")
        let usd = report.output.split(separator: "\n").first { $0.hasPrefix("USD") }.map(String.init) ?? ""
        let paidOnline = await boxes[0].succeeded() + boxes[1].succeeded()
        #expect(usd.hasPrefix("USD  SIMWALLET  \(paidOnline)  \(paidOnline * 1250)  "), "\(report.output)")
        #expect(report.output.contains("offline: BOX-3"))
        for box in boxes.prefix(2) { #expect(await box.stop() == 0) }
        for box in boxes { await box.remove() }
    }
}
