import CProcessMemory
import Glibc

/// The agent's own memory and descriptors, sampled with the other gauges. A box runs for years:
/// these show a leak long before the kernel does. node_exporter reports the machine, not us.
struct ProcessGauges: Equatable, Sendable {
    /// Resident set size.
    var residentBytes: Int
    /// What the C allocator has handed out (Swift objects live here too).
    var heapBytes: Int
    /// SQLite's share of that heap: its page cache, capped, fills as the journal grows.
    var sqliteBytes: Int
    var openDescriptors: Int

    static func sample(sqliteBytes: Int64) -> ProcessGauges {
        ProcessGauges(residentBytes: residentBytes(), heapBytes: cprocess_heap_in_use(), sqliteBytes: Int(sqliteBytes),
                      openDescriptors: openDescriptors())
    }

    static func describe(in metrics: MetricsRegistry) {
        metrics.describe("scanbridge_resident_bytes", type: "gauge", help: "Resident memory of the agent.")
        metrics.describe("scanbridge_heap_bytes", type: "gauge", help: "Heap in use (malloc), SQLite's page cache included.")
        metrics.describe("scanbridge_sqlite_bytes", type: "gauge", help: "Heap SQLite holds, mostly its bounded page cache.")
        metrics.describe("scanbridge_open_fds", type: "gauge", help: "Open file descriptors of the agent.")
    }

    func record(in metrics: MetricsRegistry) {
        metrics.set("scanbridge_resident_bytes", to: Double(residentBytes))
        metrics.set("scanbridge_heap_bytes", to: Double(heapBytes))
        metrics.set("scanbridge_sqlite_bytes", to: Double(sqliteBytes))
        metrics.set("scanbridge_open_fds", to: Double(openDescriptors))
    }

    /// Second field of /proc/self/statm, in pages.
    private static func residentBytes() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return -1 }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return -1 }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let fields = line.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return -1 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { count += 1 }
        }
        return count - 1  // the directory being read
    }
}
