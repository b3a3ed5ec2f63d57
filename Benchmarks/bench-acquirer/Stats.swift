import Glibc

func processCPUMicros() -> Int64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return (Int64(usage.ru_utime.tv_sec) + Int64(usage.ru_stime.tv_sec)) * 1_000_000
        + Int64(usage.ru_utime.tv_usec) + Int64(usage.ru_stime.tv_usec)
}

func percentile(_ values: [Int64], _ p: Double) -> Int64 {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
}

/// "2.1×" with one decimal, integer arithmetic.
func ratio(_ a: Int64, _ b: Int64) -> String {
    guard b > 0 else { return "n/a" }
    let tenths = (a * 10 + b / 2) / b
    return "\(tenths / 10).\(tenths % 10)×"
}

enum BenchError: Error { case unexpected(String) }

/// Microseconds `body` took.
func micros(_ body: () async throws -> Void) async rethrows -> Int64 {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
