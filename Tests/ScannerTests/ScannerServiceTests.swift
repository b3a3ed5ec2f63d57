import Glibc
import Logging
import ScanCode
import Scanner
import ScannerSimulator
import SerialIO
import Testing
import TestSupport

/// The scan stage end to end over real pseudo-terminals: bad input, unplugs, silence, triggers.
@Suite("Scanner service")
struct ScannerServiceTests {
    let code = "251001020123456789012345"

    @Test func garbageThenAValidCode() async throws {
        let scanner = try ScriptedScanner()
        let harness = try ScannerHarness(location: .path(scanner.path), profile: .honeywell)
        #expect(await harness.waitForConnections(1))
        var state: UInt64 = 0xDEADBEEF
        let garbage = (0..<65_536).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        for chunk in stride(from: 0, to: garbage.count, by: 4096) {
            try scanner.terminal.write(garbage[chunk..<chunk + 4096])
        }
        // The noise burst ends mid-frame; the customer's scan comes a moment later, after the
        // inter-byte timeout has thrown the unterminated tail away.
        try await Task.sleep(for: .milliseconds(400))
        try scanner.scan(code, aim: "]C0", suffix: "\r\n")
        #expect(await harness.wait { $0.contains { if case .paymentCode = $0.kind { true } else { false } } })
        await harness.stop()
        let payments = harness.events.filter { if case .paymentCode = $0.kind { true } else { false } }
        #expect(payments.count == 1)
        #expect(harness.scanLines.last == "payment alipayPlus24 251001**************2345 ]C0")
        #expect(harness.scanLines.contains { $0.hasPrefix("dropped") })
    }

    @Test func tenKiBLineIsDroppedAndTheNextReadStillWorks() async throws {
        let scanner = try ScriptedScanner()
        let harness = try ScannerHarness(location: .path(scanner.path), profile: .honeywell)
        #expect(await harness.waitForConnections(1))
        try scanner.terminal.write(Array(repeating: UInt8(ascii: "5"), count: 10 * 1024) + [0x0D, 0x0A])
        try scanner.scan(code, aim: "]Q1")
        #expect(await harness.waitForScans(2))
        await harness.stop()
        #expect(harness.scanLines == ["dropped oversize", "payment alipayPlus24 251001**************2345 ]Q1"])
        let oversize = harness.events.compactMap { event -> Int? in
            if case .dropped(.oversize(let length)) = event.kind { length } else { nil }
        }
        #expect(oversize == [10 * 1024])
    }

    @Test func frameWithoutSuffixIsEndedByTheInterByteTimeout() async throws {
        let scanner = try ScriptedScanner()
        var profile = ScannerProfile.generic
        profile.interByteTimeout = .milliseconds(40)
        let harness = try ScannerHarness(location: .path(scanner.path), profile: profile)
        #expect(await harness.waitForConnections(1))
        try scanner.scan(code, aim: "]C0", suffix: "")
        #expect(await harness.waitForScans(1))
        await harness.stop()
        #expect(harness.scanLines == ["payment alipayPlus24 251001**************2345 ]C0"])
    }

    @Test func honeywellTriggerCommandsReachTheScanner() async throws {
        let scanner = try ScriptedScanner()
        let harness = try ScannerHarness(location: .path(scanner.path), profile: .honeywell)
        #expect(await harness.waitForConnections(1))
        try harness.service.trigger(true)
        try harness.service.trigger(false)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16)
        while received.count < 6 {
            var fds = [pollfd(fd: scanner.terminal.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 2000) == 1 else { break }
            let n = read(scanner.terminal.fileDescriptor, &buffer, buffer.count)
            guard n > 0 else { break }
            received += buffer[..<n]
        }
        await harness.stop()
        #expect(received == [0x16, 0x54, 0x0D, 0x16, 0x55, 0x0D])
    }

    @Test func newlandTriggerIsAFramedCommand() {
        #expect(ScannerProfile.newland.triggerOn == [0x7E, 0x01, 0x30, 0x30, 0x30, 0x30, 0x23, 0x53, 0x43, 0x4E, 0x54, 0x52, 0x47, 0x31, 0x3B, 0x03])
        #expect(NewlandCommand(storage: .permanent, tag: "sus", subtag: "set", data: "1").bytes.prefix(7) == [0x7E, 0x01, 0x30, 0x30, 0x30, 0x30, 0x40])
    }

    @Test func unknownProfileNamesTheKnownOnes() {
        #expect(throws: ScannerProfileError.unknownProfile("datalogic", known: ["generic", "honeywell", "newland", "zebra"])) {
            try ScannerProfile.named("datalogic")
        }
        #expect(ScannerProfile.honeywell.serial.description == "115200 8N1")
    }

    /// Unplug, a few hundred milliseconds with nothing at the stable name, replug on a new tty:
    /// the service follows the symlink to the new device, logs the outage once, and reads again.
    @Test func hangUpClosesAndReopensWithOneLogLinePerOutage() async throws {
        let scanner = try SymlinkedScanner()
        defer { scanner.remove() }
        let logs = LogCapture()
        let harness = try ScannerHarness(location: .path(scanner.link), profile: .honeywell, logger: logs.logger)
        #expect(await harness.waitForConnections(1))
        try scanner.scan(code, aim: "]C0")
        #expect(await harness.waitForScans(1))

        for outage in 1...2 {
            scanner.unplug()
            #expect(await harness.wait { $0.filter(\.isDisconnected).count >= outage })
            try await Task.sleep(for: .milliseconds(250))  // several failed reopen attempts happen here
            try scanner.plugIn()
            #expect(await harness.waitForConnections(outage + 1))
        }
        try scanner.scan("281001029876543210987654", aim: "]Q1")
        #expect(await harness.waitForScans(2))
        await harness.stop()

        #expect(harness.scanLines == ["payment alipayPlus24 251001**************2345 ]C0", "payment alipayPlus24 281001**************7654 ]Q1"])
        #expect(logs.count(.warning, "scanner port lost, reopening") == 2)
        #expect(logs.count(.warning, "scanner port unavailable, retrying") == 2, "one line per outage, not per retry")
        #expect(logs.count(.notice, "scanner port back") == 2)
        let back = logs.all.filter { $0.message == "scanner port back" }
        #expect(back.allSatisfy { !$0.metadata.contains("attempts=1 ") }, "the outage spanned several attempts: \(back.map(\.metadata))")
    }

    @Test func missingScannerIsRetriedUntilItAppears() async throws {
        let directory = "/tmp/scanbridge-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(mkdir(directory, 0o700) == 0)
        let link = directory + "/scanner"
        defer { unlink(link); rmdir(directory) }
        let logs = LogCapture()
        let harness = try ScannerHarness(location: .path(link), profile: .generic, logger: logs.logger)
        // The scanner appears only after the reader has found it missing at least once.
        #expect(await logs.waitFor("scanner port unavailable, retrying"))
        #expect(!harness.service.isConnected)
        let scanner = try ScriptedScanner()
        #expect(symlink(scanner.path, link) == 0)
        #expect(await harness.waitForConnections(1))
        #expect(harness.service.isConnected)
        await harness.stop()
        let unavailable = logs.all.filter { $0.message == "scanner port unavailable, retrying" }
        #expect(unavailable.count == 1)
        #expect(unavailable.first?.metadata.contains("no such device") == true)
    }
}

/// Counting the process's descriptors only means something when nothing else runs, so this suite
/// runs on its own: `scripts/test` calls it in a second `swift test` with `--filter DescriptorLeak`.
@Suite("DescriptorLeak", .serialized)
struct DescriptorLeakTests {
    let code = "251001020123456789012345"

    @Test func repeatedHangUpsLeakNoDescriptors() async throws {
        let scanner = try SymlinkedScanner()
        defer { scanner.remove() }
        let harness = try ScannerHarness(location: .path(scanner.link), profile: .generic)
        #expect(await harness.waitForConnections(1))
        var before: [String] = []
        for cycle in 1...10 {
            scanner.unplug()
            #expect(await harness.wait { $0.filter(\.isDisconnected).count >= cycle })
            try scanner.plugIn()
            #expect(await harness.waitForConnections(cycle + 1))
            // Counted from the end of the first cycle: what the first reopen sets up once (a
            // runtime's lazily made timer, say) is not a leak; one descriptor a cycle would be.
            if cycle == 1 { before = openDescriptorTargets() }
        }
        let after = openDescriptorTargets()
        await harness.stop()
        #expect(after.count == before.count, "before \(before.count), after \(after.count): \(descriptorChange(from: before, to: after))")
    }
}

/// The descriptors this process has open right now, each with what it points at
/// ("5 → /dev/pts/3"), so a count that moved can say which.
func openDescriptorTargets() -> [String] {
    guard let dir = opendir("/proc/self/fd") else { return [] }
    defer { closedir(dir) }
    var targets: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard name != ".", name != ".." else { continue }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/fd/" + name, &buffer, buffer.count - 1)
        let target = length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        targets.append("\(name) → \(target)")
    }
    return targets.sorted()
}

/// The descriptors in one listing and not the other, for a failure message.
func descriptorChange(from before: [String], to after: [String]) -> String {
    let gone = Set(before).subtracting(after).sorted(), new = Set(after).subtracting(before).sorted()
    return "closed \(gone), opened \(new)"
}
