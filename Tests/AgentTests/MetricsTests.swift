import Foundation
import Testing
@testable import Agent

@Suite("Metrics")
struct MetricsTests {
    @Test func rendersThePrometheusTextFormat() {
        let registry = MetricsRegistry()
        registry.describe("scanbridge_scans_total", type: "counter", help: "Frames read from the scanner, by result.")
        registry.increment("scanbridge_scans_total", labels: ["result": "payment"])
        registry.increment("scanbridge_scans_total", labels: ["result": "payment"])
        registry.increment("scanbridge_scans_total", labels: ["result": "rejected"])
        registry.set("scanbridge_queue_depth", to: 3)
        registry.observe("scanbridge_acquirer_seconds", seconds: 0.08, bounds: [0.1, 1])
        registry.observe("scanbridge_acquirer_seconds", seconds: 0.5, bounds: [0.1, 1])
        #expect(registry.render() == """
            # HELP scanbridge_scans_total Frames read from the scanner, by result.
            # TYPE scanbridge_scans_total counter
            scanbridge_scans_total{result="payment"} 2
            scanbridge_scans_total{result="rejected"} 1
            # TYPE scanbridge_queue_depth gauge
            scanbridge_queue_depth 3
            # TYPE scanbridge_acquirer_seconds histogram
            scanbridge_acquirer_seconds_bucket{le="0.1"} 1
            scanbridge_acquirer_seconds_bucket{le="1"} 2
            scanbridge_acquirer_seconds_bucket{le="+Inf"} 2
            scanbridge_acquirer_seconds_sum 0.58
            scanbridge_acquirer_seconds_count 2

            """)
    }

    @Test func labelValuesAreEscaped() {
        let registry = MetricsRegistry()
        registry.increment("x_total", labels: ["reason": "say \"hi\"\\\n"])
        #expect(registry.render().contains(#"x_total{reason="say \"hi\"\\\n"} 1"#))
    }

    @Test func exporterWritesAtomically() throws {
        let directory = NSTemporaryDirectory() + "scanbridge-metrics-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let registry = MetricsRegistry()
        registry.set("scanbridge_up", to: 1)
        let exporter = TextfileExporter(registry: registry, directory: directory, logger: .init(label: "test"))
        #expect(exporter.write())
        #expect(try String(contentsOfFile: directory + "/scanbridge.prom", encoding: .utf8) == "# TYPE scanbridge_up gauge\nscanbridge_up 1\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/scanbridge.prom.tmp"), "no temp file left behind")
        let unwritable = TextfileExporter(registry: registry, directory: "/proc/scanbridge-nowhere", logger: .init(label: "test"))
        #expect(!unwritable.write())
    }
}

/// The agent's own process gauges count the whole process's descriptors and heap, which only
/// means something when no other test runs: `scripts/test` runs this suite on its own, like
/// `DescriptorLeak` (`--filter ProcessGaugeTests`).
@Suite("Process gauges", .serialized)
struct ProcessGaugeTests {
    @Test func theAgentReportsItsOwnMemoryAndDescriptors() throws {
        let before = ProcessGauges.sample(sqliteBytes: 0)
        let held = (0..<8).map { _ in open("/dev/null", O_RDONLY) }
        defer { held.forEach { close($0) } }
        // The gauges are the whole process's: sample right around the allocation, and leave a margin
        // for the test runner's own work.
        let heapBefore = ProcessGauges.sample(sqliteBytes: 0).heapBytes
        let block = UnsafeMutableRawPointer.allocate(byteCount: 4 << 20, alignment: 16)
        let heapAfter = ProcessGauges.sample(sqliteBytes: 0).heapBytes
        defer { block.deallocate() }
        memset(block, 1, 4 << 20)  // touched, so it is resident
        let after = ProcessGauges.sample(sqliteBytes: 123)
        #expect(after.openDescriptors == before.openDescriptors + 8)
        #expect(heapAfter - heapBefore >= 3 << 20, "a 4 MiB block moved the heap gauge by \(heapAfter - heapBefore)")
        #expect(after.residentBytes >= before.residentBytes + (3 << 20))
        let registry = MetricsRegistry()
        ProcessGauges.describe(in: registry)
        after.record(in: registry)
        let text = registry.render()
        #expect(text.contains("scanbridge_sqlite_bytes 123\n"))
        #expect(text.contains("scanbridge_open_fds \(after.openDescriptors)\n"))
        #expect(text.contains("# TYPE scanbridge_heap_bytes gauge"))
    }
}
