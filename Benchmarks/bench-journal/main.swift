// Journal benchmark: commit latency of the record that must exist before a pay leaves (FULL),
// of an intermediate step (NORMAL), and how long recovery takes to list a big journal's
// unfinished attempts. On the file system of the working directory (real fsync).
//
//   swift run -c release bench-journal [samples]
import Antom
import PaymentModel
import Glibc
import Journal
import Money

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

// Code accepted → signed request durable and ready for the socket: the journal's fsync and the
// RSA signature one after the other, and overlapped as the settlement engine does it.
let key = try KeyGenerator.generate()
let client = try AntomClient(
    configuration: AntomConfiguration(
        transport: TransportConfiguration(baseURL: "http://127.0.0.1:9"), clientID: "BENCH",
        merchant: MerchantProfile(referenceMerchantId: "M", merchantName: "Bench", merchantMCC: "5812", referenceStoreId: "S",
                                  storeName: "Bench", storeMCC: "5812", storeTerminalId: "T")),
    privateKey: key, acquirerPublicKey: try key.publicKey())
let amount = try Money(minorUnits: 1234, currency: Currency(code: "USD"))
func command(_ index: Int) -> PayCommand {
    PayCommand(paymentRequestId: RequestID("PREP-\(index)")!, paymentCode: "281001020123456789012345",
               referenceOrderId: "P\(index)", orderDescription: "bench", amount: amount)
}
func capture(_ index: Int) async throws -> Attempt {
    try await journal.capture(orderReference: "P\(index)", code: "281001020123456789012345", codeMasked: "x",
                              paymentRequestId: "PREP-\(index)", capturedAt: 1, codeExpiresAt: 60_001, submitting: true)
}
var sequential: [Double] = [], overlapped: [Double] = []
for index in 0..<(2 * samples) {
    try await journal.open(Order(reference: "P\(index)", amountMinor: 1234, currency: "USD", source: "bench", createdAt: 1))
    let start = ContinuousClock.now
    if index.isMultiple(of: 2) {
        _ = try await capture(index)
        _ = client.preparePay(command(index))
        sequential.append(micros(ContinuousClock.now - start))
    } else {
        async let durable = capture(index)
        _ = client.preparePay(command(index))
        _ = try await durable
        overlapped.append(micros(ContinuousClock.now - start))
    }
}
let saving = sequential.sorted()[samples / 2] - overlapped.sorted()[samples / 2]
print("code accepted → request signed and durable, ready for the socket (\(samples) each, interleaved)")
print("  fsync then sign (sequential): \(summary(sequential))")
print("  fsync ∥ sign (overlapped):    \(summary(overlapped))")
print("  saving at p50: \(Int(saving.rounded())) µs (\(Int((100 * saving / sequential.sorted()[samples / 2]).rounded())) %)")

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
