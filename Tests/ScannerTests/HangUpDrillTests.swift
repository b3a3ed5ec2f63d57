import Glibc
import Logging
import ScanCode
import Scanner
import ScannerSimulator
import SerialIO
import Testing
import TestSupport

/// Issue 9: the scanner pulled and plugged back a hundred times in a row. Counts descriptors, so
/// it belongs to the suite that runs alone. `scripts/replug-drill` runs it with other counts and
/// with the scanner away for a while (as a USB re-enumeration is) to measure reconnect times.
extension DescriptorLeakTests {
    /// SCANBRIDGE_REPLUG_CYCLES (default 100) and SCANBRIDGE_REPLUG_AWAY_MS: how long the scanner
    /// stays away, `N` or a range `A-B` drawn at random per cycle (default 0: the new pty appears
    /// as soon as the loss has been seen and one reopen has failed).
    static var cycles: Int { environment("SCANBRIDGE_REPLUG_CYCLES").flatMap { Int($0) }.map { max(1, $0) } ?? 100 }
    static var awayMilliseconds: ClosedRange<Int> {
        let bounds = (environment("SCANBRIDGE_REPLUG_AWAY_MS") ?? "0").split(separator: "-").compactMap { Int($0) }.map { max(0, $0) }
        guard let low = bounds.first else { return 0...0 }
        return low...max(low, bounds.last ?? low)
    }

    @Test func hundredHangUpsInARowEachFollowedByAScan() async throws {
        let (cycles, away) = (Self.cycles, Self.awayMilliseconds)
        let scanner = try SymlinkedScanner()
        defer { scanner.remove() }
        let logs = LogCapture()
        let harness = try ScannerHarness(location: .path(scanner.link), profile: .honeywell, logger: logs.logger)
        #expect(await harness.waitForConnections(1))
        var before: [String] = []
        var reconnects: [Duration] = []
        for cycle in 1...cycles {
            scanner.unplug()
            let unplugged = ContinuousClock.now
            #expect(await harness.wait { $0.filter(\.isDisconnected).count >= cycle })
            // Away for at least one failed reopen, so every outage exercises the backoff.
            #expect(await logs.waitFor("scanner port unavailable, retrying", count: cycle))
            let awayFor = unplugged + .milliseconds(Int.random(in: away)) - ContinuousClock.now
            if awayFor > .zero { try await Task.sleep(for: awayFor) }
            try scanner.plugIn()
            let appeared = ContinuousClock.now
            #expect(await logs.waitFor("scanner port back", count: cycle), "cycle \(cycle)")
            if let back = logs.all.filter({ $0.message == "scanner port back" }).dropFirst(cycle - 1).first {
                reconnects.append(back.at - appeared)
            }
            #expect(await harness.waitForConnections(cycle + 1))
            try scanner.scan(Self.code(cycle), aim: "]Q1")
            #expect(await harness.waitForScans(cycle), "cycle \(cycle): the scan after the reconnect")
            // Counted from the end of the first cycle: what the first reopen sets up once is not a
            // leak (CI once saw one descriptor more after 100 cycles, counted from before the first).
            if cycle == 1 { before = openDescriptorTargets() }
        }
        let after = openDescriptorTargets()
        await harness.stop()

        #expect(after.count == before.count, "open descriptors before \(before.count), after \(after.count): \(descriptorChange(from: before, to: after))")
        #expect(harness.scanLines.count == cycles)
        #expect(harness.scanLines.allSatisfy { $0.hasPrefix("payment alipayPlus24 ") }, "\(harness.scanLines.filter { !$0.hasPrefix("payment") })")
        #expect(logs.count(.warning, "scanner port lost, reopening") == cycles)
        #expect(logs.count(.notice, "scanner port back") == cycles)
        // Every outage starts its retries at the first delay again: reconnects do not slow down
        // as outages pile up.
        let retries = logs.all.filter { $0.message == "scanner port unavailable, retrying" }
        #expect(retries.count == cycles, "one line per outage")
        #expect(retries.allSatisfy { $0.metadata.contains("retry_ms=50 ") || $0.metadata.hasSuffix("retry_ms=50") },
                "\(retries.map(\.metadata).filter { !$0.contains("retry_ms=50") }.prefix(3))")
        #expect(reconnects.count == cycles)
        print(Self.summary(reconnects, away: away, descriptors: (before.count, after.count)))
    }

    /// A different code each cycle, so the duplicate filter never hides one.
    static func code(_ cycle: Int) -> String {
        let suffix = String(cycle % 1000)
        return "251001020000000000000" + String(repeating: "0", count: 3 - suffix.count) + suffix
    }

    /// The figure the reliability notes quote: new tty → "scanner port back".
    static func summary(_ samples: [Duration], away: ClosedRange<Int>, descriptors: (Int, Int)) -> String {
        let sorted = samples.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
        guard !sorted.isEmpty else { return "replug drill: no samples" }
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] }
        func ms(_ v: Double) -> String { String(Int(v.rounded())) + " ms" }
        let awayText = away.lowerBound == away.upperBound ? "\(away.lowerBound)" : "\(away.lowerBound)-\(away.upperBound) (random)"
        return "replug drill: \(sorted.count) reconnects (scanner away \(awayText) ms): new tty → port back median \(ms(at(0.5))), "
            + "p99 \(ms(at(0.99))), max \(ms(sorted.last!)); open descriptors before \(descriptors.0), after \(descriptors.1)"
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
