import Foundation
import Glibc
import Journal
import ScratchDisks
import Settlement
import Testing

/// Issue 9: the journal's disk fills up or goes read-only. The engine and the real simulator, with
/// the journal on a small file system of its own. Whatever happens, nothing reaches the acquirer
/// without a durable record, the refusal says why, and the engine carries on.
@Suite("Journal on a full or read-only file system", .serialized)
struct JournalFileSystemTests {
    @Test func aFullFileSystemRefusesTheScanSendsNothingAndRecoversWhenSpaceIsFreed() async throws {
        guard ScratchFileSystem.isRoot else {
            #expect(try await ScratchFileSystem.runAsRoot("JournalFileSystemTests/aFullFileSystem"))
            return
        }
        let disk = try await ScratchFileSystem.tmpfs(bytes: 1 << 20)
        defer { disk.unmount() }
        let h = try await SettlementHarness.make(directory: disk.path)
        #expect(try await h.pay(code("00"), order: "BEFORE")?.state == .succeeded)
        try await h.journal.open(Order(reference: "WAITING", amountMinor: 500, currency: "USD", source: "t", createdAt: h.clock.now()))

        let filler = disk.fill()
        #expect(await h.engine.submit(code: code("00"), masked: "x", orderReference: "WAITING") == nil)
        guard case .journalFault(let why)? = h.events.kinds.last else {
            Issue.record("expected a journal fault, got \(h.events.kinds.suffix(2))")
            return
        }
        #expect(why == JournalError.diskFull.description)
        #expect(await h.ledger()?.requests == 1, "nothing was sent without a durable record")
        #expect(try await h.journal.attempts(order: "WAITING").isEmpty)

        // The technician frees space: the same order takes the next scan.
        unlink(filler)
        #expect(try await h.engine.submit(code: code("00"), masked: "x", orderReference: "WAITING")?.state == .succeeded)
        #expect(await h.ledger()?.requests == 2)
        #expect(await h.ledger()?.ordersPaidMoreThanOnce == [])
        await h.stop()
    }

    @Test func aFileSystemTurningReadOnlyUnderTheJournalRefusesTheScanAndSendsNothing() async throws {
        // A file system cannot be remounted read-only while the journal has it open for writing
        // (EBUSY); it turns read-only under open files only on an error, as ext4 with
        // errors=remount-ro does. That needs a loop device, so real root (CI runs as root).
        #expect(ScratchFileSystem.isRoot, "needs root for a loop-mounted ext4 file system")
        guard ScratchFileSystem.isRoot else { return }
        let disk = try await ScratchFileSystem.ext4(bytes: 8 << 20)
        defer { disk.unmount() }
        let h = try await SettlementHarness.make(directory: disk.path)
        #expect(try await h.pay(code("00"), order: "BEFORE")?.state == .succeeded)
        try await h.journal.open(Order(reference: "WAITING", amountMinor: 500, currency: "USD", source: "t", createdAt: h.clock.now()))

        try await disk.failToReadOnly()
        let options = await disk.options
        #expect(options.contains("emergency_ro") || options.hasPrefix("ro"), "\(options)")
        #expect(await h.engine.submit(code: code("00"), masked: "x", orderReference: "WAITING") == nil)
        guard case .journalFault(let why)? = h.events.kinds.last else {
            Issue.record("expected a journal fault, got \(h.events.kinds.suffix(2))")
            return
        }
        #expect(why == JournalError.readOnly.description)
        #expect(await h.ledger()?.requests == 1, "nothing was sent without a durable record")
        // Still running: what is recorded can be read, due work runs without a crash.
        #expect(try await h.journal.attempts(order: "BEFORE").first?.state == .succeeded)
        await h.tick()
        #expect(await h.ledger()?.requests == 1)
        await h.stop()
    }

    @Test func aJournalOnAReadOnlyFileSystemIsRefusedAtStartWithATypedError() async throws {
        guard ScratchFileSystem.isRoot else {
            #expect(try await ScratchFileSystem.runAsRoot("JournalFileSystemTests/aJournalOnAReadOnly"))
            return
        }
        let empty = try await ScratchFileSystem.tmpfs(bytes: 1 << 20, readOnly: true)
        defer { empty.unmount() }
        #expect(throws: JournalError.readOnly) { try Journal(path: empty.path + "/journal.sqlite") }

        // An existing journal on a disk that came back read-only after a reboot.
        let disk = try await ScratchFileSystem.tmpfs(bytes: 1 << 20)
        defer { disk.unmount() }
        do {
            let journal = try Journal(path: disk.path + "/journal.sqlite")
            _ = journal
        }
        try await disk.remountReadOnly()
        #expect(throws: JournalError.readOnly) { try Journal(path: disk.path + "/journal.sqlite") }
    }

    @Test func ioErrorsSayWhatTheDiskDid() {
        #expect(JournalError.diskFull.isStorageFault && JournalError.readOnly.isStorageFault)
        #expect(!JournalError.rejected("order X is already paid").isStorageFault)
    }

}
