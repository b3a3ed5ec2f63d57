import Antom
import PaymentModel
import AntomSimulator
import Foundation
import ScannerSimulator
import ScratchDisks
import Testing
import TestSupport

/// Issue 9, through the real agent binary (`scanbridge demo-agent`: the agent `run` builds, with a
/// fixed price and the sim board's JSON-line indicator log): the journal's disk fills up while
/// the box runs, and a box whose journal disk is read-only at boot.
// Nested in the `scanbridge run` suite, which is serialized: agent processes and their
// simulators one at a time, so the end-to-end tests do not crowd a two-core CI machine.
extension RunEndToEndTests {
    @Suite("Journal disk faults end to end", .serialized)
    struct JournalDiskEndToEndTests {
        @Test func aFullDiskRefusesTheScanShowsAFaultSendsNothingAndTheNextScanAfterCleanupPays() async throws {
            guard ScratchFileSystem.isRoot else {
                #expect(try await ScratchFileSystem.runAsRoot("JournalDiskEndToEndTests/aFullDisk"))
                return
            }
            let box = try BoxFiles()
            defer { box.remove() }
            let disk = try await ScratchFileSystem.tmpfs(bytes: 2 << 20)
            defer { disk.unmount() }
            let simulator = try box.simulator()
            let port = try await simulator.start()
            defer { Task { await simulator.stop() } }
            let scanner = try ScriptedScanner()
            func paid() async -> Int { await simulator.ledger.snapshot().payments.filter { $0.status == "SUCCESS" }.count }
            func sent() async -> Int { await simulator.ledger.snapshot().payments.count }

            let agent = try box.startAgent(scanner: scanner.path, acquirer: "http://127.0.0.1:\(port)", journal: disk.path + "/journal.sqlite")
            defer { if agent.isRunning { agent.interrupt() } }
            #expect(await eventually { await simulator.ledger.snapshot().warmups > 0 })
            try scanner.scan(BoxFiles.code("00"), aim: "]C0")
            #expect(await eventually { await paid() == 1 })

            let filler = disk.fill()
            let shownBefore = box.indicatorRecords(pattern: "device-fault")
            try scanner.scan(BoxFiles.code("00"), aim: "]C0")
            #expect(await eventually { box.log.contains("the journal cannot record") }, "log: \(box.log)")
            #expect(box.log.contains("disk is full"))
            #expect(await eventually { box.indicatorRecords(pattern: "device-fault") > shownBefore }, "the merchant sees the fault pattern")
            try await Task.sleep(for: .milliseconds(500))  // room for a request that must not happen
            #expect(await sent() == 1, "nothing was sent without a durable record")
            #expect(agent.isRunning, "the agent carries on")

            unlink(filler)  // the technician frees space
            try scanner.scan(BoxFiles.code("00"), aim: "]C0")
            #expect(await eventually { await paid() == 2 })
            agent.terminate()
            #expect(await exitStatus(of: agent) == 0)
            #expect(await simulator.ledger.snapshot().ordersPaidMoreThanOnce.isEmpty)
        }

        @Test func aReadOnlyJournalDiskAtStartIsRefusedWithTheReasonAndANonZeroExit() async throws {
            guard ScratchFileSystem.isRoot else {
                #expect(try await ScratchFileSystem.runAsRoot("JournalDiskEndToEndTests/aReadOnlyJournalDisk"))
                return
            }
            let box = try BoxFiles()
            defer { box.remove() }
            let disk = try await ScratchFileSystem.tmpfs(bytes: 1 << 20, readOnly: true)
            defer { disk.unmount() }
            let scanner = try ScriptedScanner()
            let journal = disk.path + "/journal.sqlite"
            let agent = try box.startAgent(scanner: scanner.path, acquirer: "http://127.0.0.1:9", journal: journal)
            let status = await exitStatus(of: agent)
            #expect(status != 0)
            #expect(box.log.contains("scanbridge cannot start: journal is read-only"), "log: \(box.log)")
            #expect(box.log.contains(journal))
            #expect(box.log.contains("fix the disk, then restart scanbridge"))
        }
    }
}
