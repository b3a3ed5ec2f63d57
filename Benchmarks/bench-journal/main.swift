// Journal benchmark: commit latency of the record that must exist before a pay leaves (FULL),
// of an intermediate step (NORMAL), and how long recovery takes to list a big journal's
// unfinished attempts. On the file system of the working directory (real fsync).
//
//   swift run -c release bench-journal [samples]
import Glibc
import Journal

let samples = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 500
var template = Array("./bench-journal-XXXXXX".utf8CString)
guard let made = mkdtemp(&template) else { print("cannot create a directory here"); exit(1) }
let directory = String(cString: made)
defer {
    for suffix in ["", "-wal", "-shm"] { unlink(directory + "/journal.sqlite" + suffix) }
    rmdir(directory)
}

func micros(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
}

func summary(_ values: [Double]) -> String {
    let sorted = values.sorted()
    let p50 = sorted[sorted.count / 2], p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
    return "p50 \(Int(p50.rounded())) µs, p99 \(Int(p99.rounded())) µs"
}

let journal = try Journal(path: directory + "/journal.sqlite")
var captureTimes: [Double] = [], stepTimes: [Double] = [], orderTimes: [Double] = []
for index in 0..<samples {
    let opening = ContinuousClock.now
    try await journal.open(Order(reference: "B\(index)", amountMinor: 1234, currency: "USD", source: "bench", createdAt: 1))
    orderTimes.append(micros(ContinuousClock.now - opening))
    let start = ContinuousClock.now
    let attempt = try await journal.capture(orderReference: "B\(index)", code: "281001020123456789012345", codeMasked: "281001**************2345",
                                            paymentRequestId: "BENCH-\(index)", capturedAt: 1, codeExpiresAt: 60_001, submitting: true)
    captureTimes.append(micros(ContinuousClock.now - start))
    let step = ContinuousClock.now
    try await journal.transition(attempt.id, Transition(to: .unknown, reason: "bench", at: 2, nextActionAt: 3))
    stepTimes.append(micros(ContinuousClock.now - step))
}
print("journal commit latency (\(samples) samples, WAL, file system of \(directory))")
print("  capture + submitting, synchronous=FULL (before pay leaves): \(summary(captureTimes))")
print("  open an order, synchronous=FULL:                            \(summary(orderTimes))")
print("  intermediate step, synchronous=NORMAL:                      \(summary(stepTimes))")
print("  FULL / NORMAL p50 ratio: \(String(Int((captureTimes.sorted()[samples / 2] / stepTimes.sorted()[samples / 2]).rounded())))×")

// Recovery: a journal of 10 000 attempts, a quarter unfinished.
let big = try Journal(path: directory + "/journal.sqlite")
for index in samples..<(samples + 10_000) {
    try await big.open(Order(reference: "B\(index)", amountMinor: 1, currency: "USD", source: "bench", createdAt: 1))
    let attempt = try await big.capture(orderReference: "B\(index)", code: "281001020123456789012345", codeMasked: "x",
                                        paymentRequestId: "BENCH-\(index)", capturedAt: 1, codeExpiresAt: 2, submitting: false)
    if !index.isMultiple(of: 4) { try await big.transition(attempt.id, Transition(to: .expired, reason: "bench", at: 3)) }
}
var recoveryTimes: [Double] = []
var unfinished = 0
for _ in 0..<5 {
    let start = ContinuousClock.now
    let reopened = try Journal(path: directory + "/journal.sqlite")
    unfinished = try await reopened.unfinished().count
    recoveryTimes.append(micros(ContinuousClock.now - start))
}
print("recovery: open + integrity_check + list \(unfinished) unfinished of \(10_000 + samples) attempts: \(summary(recoveryTimes)) (5 runs)")
