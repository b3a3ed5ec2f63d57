import Antom
import PaymentModel
import AntomSimulator
import Foundation
import Journal
import ScannerSimulator
import Testing
import TestSupport

/// Issue 14, through the agent process: the acquirer takes a pay and the connection drops before
/// its answer; the box settles that one by inquiry and pays the next 20 customers. On Debian 13's
/// libcurl 8.14 every call after the drop used to fail. `scripts/libcurl8` runs this with that
/// libcurl and sets SCANBRIDGE_EXPECT_LIBCURL=8, which the agent's start line must show.
@Suite("Dropped connection, then 20 payments, through the agent", .serialized)
struct DroppedConnectionEndToEndTests {
    @Test func theDroppedPayIsSettledByInquiryAndTwentyMorePay() async throws {
        let box = try BoxFiles()
        defer { box.remove() }
        let simulator = try box.simulator()
        let port = try await simulator.start()
        let scanner = try ScriptedScanner()
        let journalPath = box.directory + "/journal.sqlite"
        let agent = try box.startAgent(scanner: scanner.path, acquirer: "http://127.0.0.1:\(port)", journal: journalPath,
                                       extraArguments: ["--log-level", "notice", "--metrics-dir", box.directory, "--metrics-interval-ms", "200"])
        func ledger() async -> LedgerSnapshot { await simulator.ledger.snapshot() }
        func succeeded() async -> Int { await ledger().payments.filter { $0.status == "SUCCESS" }.count }

        #expect(await eventually { await ledger().warmups > 0 }, "the agent warmed its connection: the pay goes out on a reused one")
        let dropped = BoxFiles.code(Scenario.droppedAfterProcessing.suffix)
        try scanner.scan(dropped, aim: "]C0")
        #expect(await eventually { await succeeded() == 1 }, "the acquirer took the money")
        let journal = try Journal(path: journalPath)
        let droppedOrder = try #require(await ledger().payments.first?.referenceOrderId)
        #expect(await eventually(seconds: 30) {
            (try? await journal.attempts(order: droppedOrder).map(\.state)) == [.succeeded]
        }, "the dropped pay is settled as paid")
        if let attempt = try await journal.attempts(order: droppedOrder).first {
            #expect(try await journal.history(attempt.id).last?.reason == "inquiry: SUCCESS", "settled by inquiry, not by a second pay")
        }

        for customer in 1...20 {
            try scanner.scan(BoxFiles.code("00"), aim: "]C0")
            let paid = await eventually { await succeeded() == 1 + customer }
            #expect(paid, "customer \(customer) of 20 paid")
            if !paid { break }  // the link is stuck: one failure says it, twenty would take minutes
        }
        #expect(await eventually { (try? await journal.counts()[.succeeded]) == 21 }, "the journal has all 21 as paid")
        #expect(try await journal.unfinished().isEmpty)
        let snapshot = await ledger()
        #expect(snapshot.payments.count == 21, "one request id per customer: nothing was paid again under a new id")
        #expect(snapshot.ordersPaidMoreThanOnce.isEmpty)

        agent.terminate()
        #expect(await exitStatus(of: agent) == 0)
        let metrics = (try? String(contentsOfFile: box.directory + "/scanbridge.prom", encoding: .utf8)) ?? ""
        let resets = metrics.split(separator: "\n").first { $0.hasPrefix("scanbridge_acquirer_link_resets_total ") }
        #expect(resets.flatMap { Double($0.split(separator: " ")[1]) }.map { $0 >= 1 } == true,
                "the reset after the drop is counted: \(resets.map(String.init) ?? "no resets line")")

        let start = try #require(box.log.split(separator: "\n").first { $0.contains("scanbridge starting") }, "log: \(box.log)")
        #expect(start.contains("libcurl=") && start.contains("openssl="), "the start line names the libraries: \(start)")
        if let major = ProcessInfo.processInfo.environment["SCANBRIDGE_EXPECT_LIBCURL"] {
            #expect(start.contains("libcurl=\(major)."), "the agent runs on libcurl \(major): \(start)")
        }
        await simulator.stop()
    }
}
