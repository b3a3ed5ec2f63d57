// The soak: the agent as it runs on a box (`scanbridge demo-agent`, its own process) takes
// thousands of payments of every kind — successes, password waits, declines, pending codes
// cancelled in the end, answers dropped, unsigned or forged, non-payment barcodes, garbage bytes,
// scanner cables pulled and plugged back — while its RSS and open descriptors are sampled.
// Then every attempt must be final, the journal and the acquirer's ledger must agree, no order
// may be paid twice, and neither memory nor descriptors may grow once the agent is warm.
//
//   swift build -c release && .build/release/scanbridge-soak [payments]    (default 10 000)
//
// Exits 1 when any of that fails, printing why. A test tool: it is not installed on boxes.
import Antom
import PaymentModel
import AntomSimulator
import CSQLite3
import FaultProxy
import Foundation
import Glibc
import Journal
import ScannerSimulator
import Synchronization

let payments = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
let sampleEvery = max(50, payments / 20)
let build = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
// mkdtemp replaces the six trailing X characters.
var template = Array(("/tmp/scanbridge-soak-" + String(repeating: "X", count: 6)).utf8CString)
let directory = String(cString: mkdtemp(&template)!)
defer { try? FileManager.default.removeItem(atPath: directory) }

// Keys and the acquirer.
let boxKey = directory + "/box.pem", simKey = directory + "/sim.pem"
let boxPublic = try KeyGenerator.generate(writingTo: boxKey)
let simPublic = try KeyGenerator.generate(writingTo: simKey)
try simPublic.pem.write(toFile: directory + "/sim.pub.pem", atomically: true, encoding: .utf8)
let arrivals = Arrivals()
let simulator = try AntomSimulator(
    configuration: SimulatorConfiguration(signingKey: try RSAPrivateKey(contentsOfFile: simKey), boxPublicKey: try RSAPublicKey(text: boxPublic.pem),
                                          passwordInquiries: 1, slowResponseDelay: .milliseconds(3500)),
    payObserver: { code, _ in arrivals.record(code) })
// The shop's internet: a fault proxy between the agent and the acquirer. Now and then five
// payments in a row get one of its faults, each fault in turn; the link goes down for a moment
// five times a run, and the scanner cable is pulled ten times (short runs see every kind).
let proxy = try FaultProxy(upstreamPort: try await simulator.start())
proxy.start()
let acquirer = "http://127.0.0.1:\(proxy.port)"
let strangerKey = try KeyGenerator.generate()
let faults: [(name: String, rule: FaultRule)] = [
    ("reset after the acquirer processed the pay", .on(.pay, .always, .resetAfterProcessed)),
    ("reset before the pay reached the acquirer", .on(.pay, .always, .resetBeforeRequest)),
    ("HTTP 500 after processing", .on(.pay, .always, .status(500, .afterProcessing))),
    ("HTTP 429 before forwarding", .on(.pay, .always, .status(429, .beforeForwarding))),
    ("answer cut short", .on(.pay, .always, .truncate(keep: 25))),
    ("answer dripped 16 bytes every 2 ms", .on(.pay, .always, .drip(bytes: 16, every: .milliseconds(2)))),
    ("answer delayed past the pay timeout", .on(.pay, .always, .delay(.milliseconds(3300)))),
    ("malformed JSON", .on(.pay, .always, .malformedJSON)),
    ("signature stripped", .on(.pay, .always, .stripSignature)),
    ("body tampered under its signature", .on(.pay, .always, .forgeSignature(.tamperedBody))),
    ("signed by a stranger's key", .on(.pay, .always, .forgeSignature(.signedWith(strangerKey)))),
    ("inquiry answered with an earlier payment's answer", .on(.inquiryPayment, .always, .replayEarlierAnswer)),
]
var faultCounts: [String: Int] = [:]
let faultEvery = min(100, max(20, payments / (2 * faults.count)))
let outageEvery = max(200, payments / 5)
let replugEvery = max(100, payments / 10)

// The scanner is reached through a link, as udev names a real one, so it can be unplugged and a
// new pty plugged in at the same name.
let scannerLink = directory + "/scanner"
let scanner = Mutex<ScriptedScanner>(try ScriptedScanner())
symlink(scanner.withLock { $0.path }, scannerLink)

let journalPath = directory + "/journal.sqlite"
let indicatorsPath = directory + "/indicators.jsonl"
let agent = Process()
agent.executableURL = ProcessInfo.processInfo.environment["SCANBRIDGE_AGENT"].map(URL.init(fileURLWithPath:))
    ?? build.appendingPathComponent("scanbridge")
agent.arguments = ["demo-agent", "--scanner", scannerLink, "--acquirer", acquirer, "--key", boxKey, "--acquirer-key", directory + "/sim.pub.pem",
                   "--journal", journalPath, "--board", repository.appendingPathComponent("boards/sim.json").path,
                   "--indicators-file", indicatorsPath, "--log-level", ProcessInfo.processInfo.environment["SCANBRIDGE_SOAK_LOG_LEVEL"] ?? "critical",
                   "--metrics-dir", directory, "--metrics-interval-ms", "200"]
try agent.run()

/// Payment scenarios by the code's last two digits (the simulator's table), weighted like a
/// bad day at a busy counter: mostly plain successes, then everything that goes wrong.
let scenarios: [(suffix: String, weight: Int)] = [
    ("00", 70), ("01", 4), ("02", 3), ("03", 1), ("11", 3), ("12", 2), ("13", 1), ("14", 1), ("15", 1), ("16", 1), ("17", 1),
    ("21", 3), ("22", 3), ("23", 1), ("24", 2), ("25", 2),
]
let weighted = scenarios.flatMap { Array(repeating: $0.suffix, count: $0.weight) }

var samples: [Sample] = []
var sent = 0, notArrived = 0, barcodes = 0, garbage = 0, replugs = 0, outages = 0
var generator = SystemRandomNumberGenerator()
let started = ContinuousClock.now
try await waitForReady()
samples.append(try await sample(payments: 0))
var quietWarm: Sample?

for index in 0..<payments {
    // Now and then a customer shows a loyalty card, or the cable picks up noise.
    if index % 37 == 36 {
        try scanner.withLock { try $0.scan("4006381333931", aim: "]E0") }
        barcodes += 1
    }
    if index % 53 == 52 {
        let noise = (0..<Int.random(in: 1...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try scanner.withLock { try $0.terminal.write(noise + [13, 10]) }
        garbage += 1
    }
    // The cable is pulled and a scanner plugged back at the same name.
    if index % replugEvery == replugEvery - 1 {
        try replug()
        replugs += 1
    }
    // The link drops for a few customers: their codes are queued and sent when it returns.
    if index % outageEvery == outageEvery / 2 {
        proxy.link = .refusing
        for extra in 0..<3 {
            try scanner.withLock { try $0.scan(paymentCode(payments + index * 3 + extra, suffix: "00"), aim: "]C0") }
            try await Task.sleep(for: .milliseconds(300))
        }
        proxy.link = .up
        outages += 1
    }
    switch index % faultEvery {
    case faultEvery / 2:
        let fault = faults[(index / faultEvery) % faults.count]
        proxy.plan = FaultPlan([fault.rule])
        faultCounts[fault.name, default: 0] += 5
    case faultEvery / 2 + 5: proxy.plan = .passAll
    default: break
    }
    let code = paymentCode(index, suffix: weighted.randomElement(using: &generator)!)
    let paysSeen = proxy.log.count { $0.endpoint == .pay }
    try scanner.withLock { try $0.scan(code, aim: "]C0") }
    sent += 1
    // One customer at a time: the next scan waits for this pay to reach the acquirer, or, when the
    // fault keeps it from getting there, for the proxy to have taken it.
    let faulted = (faultEvery / 2..<faultEvery / 2 + 5).contains(index % faultEvery)
    if !(await arrivals.wait(for: code, seconds: 10, orUntil: { @Sendable [proxy] in faulted && proxy.log.count { $0.endpoint == .pay } > paysSeen })) {
        notArrived += 1
    }
    if (index + 1) % sampleEvery == 0 {
        samples.append(try await sample(payments: index + 1))
    }
    // Busy samples carry whatever is in flight; the growth check compares quiet ones.
    if index + 1 == payments / 2 { quietWarm = try await quietSample(payments: index + 1) }
}
let scanning = ContinuousClock.now - started
let settled = try await quietSample(payments: payments)
agent.terminate()
agent.waitUntilExit()

// Journal against ledger.
let journal = try Journal(path: journalPath)
let ledger = await simulator.ledger.snapshot()
await simulator.stop()
var problems: [String] = []
let counts = try await journal.counts()
let left = try await journal.unfinished()
if !left.isEmpty { problems.append("\(left.count) attempts not final: \(left.prefix(5).map { "\($0.id):\($0.state.rawValue)" })") }
if !ledger.ordersPaidMoreThanOnce.isEmpty { problems.append("orders paid twice: \(ledger.ordersPaidMoreThanOnce.prefix(5))") }
for payment in ledger.payments {
    let attempt = try await journal.attempt(paymentRequestId: payment.paymentRequestId)
    guard let attempt else {
        problems.append("the acquirer saw \(payment.paymentRequestId), the journal does not know it")
        continue
    }
    if (payment.status == "SUCCESS") != (attempt.state == .succeeded) {
        problems.append("\(payment.paymentRequestId): \(payment.status) at the acquirer, \(attempt.state.rawValue) in the journal")
    }
}
// Every success rests on an answer that reached the agent exactly as the acquirer signed it.
let proxyLog = proxy.log
proxy.stop()
var lastAnswer: [String: FaultRecord] = [:]
for record in proxyLog where record.endpoint == .pay || record.endpoint == .inquiryPayment {
    if let id = record.paymentRequestId { lastAnswer["\(record.endpoint!.rawValue) \(id)"] = record }
}
for payment in ledger.payments where payment.status == "SUCCESS" {
    guard let attempt = try await journal.attempt(paymentRequestId: payment.paymentRequestId), attempt.state == .succeeded else { continue }
    let reason = try await journal.history(attempt.id).last { $0.to == .succeeded }?.reason ?? ""
    let endpoint: Endpoint = reason.hasPrefix("inquiry") ? .inquiryPayment : .pay
    let answer = lastAnswer["\(endpoint.rawValue) \(payment.paymentRequestId)"]
    if answer?.clientGotAuthenticAnswer != true {
        problems.append("\(payment.paymentRequestId) succeeded on \"\(reason)\", but that answer was \(answer.map { "\($0)" } ?? "never seen")")
    }
}
let succeeded = counts[.succeeded] ?? 0
let paidAtAcquirer = ledger.payments.filter { $0.status == "SUCCESS" }.count
if succeeded != paidAtAcquirer { problems.append("journal has \(succeeded) succeeded, the acquirer \(paidAtAcquirer) paid") }
// No success shown without one recorded: the success beep never sounds more often than payments succeeded.
let shown = successesShown(indicatorsPath)
if shown > succeeded { problems.append("the success pattern started \(shown) times for \(succeeded) successes") }

// Memory and descriptors, once warm. SQLite's page cache fills as the journal grows, up to its
// cap (2 MiB, reached after about 3 500 payments), so it is counted apart; the allocator and the
// runtime's caches settle in the first thousands too. So the second half is judged, quiet sample
// against quiet sample: everything else on the heap must stay flat, and descriptors too.
let warm = quietWarm ?? samples[0]
let otherGrowth = settled.otherHeapKiB - warm.otherHeapKiB
let otherLimit = 256
if otherGrowth > otherLimit { problems.append("heap outside SQLite grew \(otherGrowth) KiB after warm-up (limit \(otherLimit) KiB)") }
if settled.sqliteKiB > 8 * 1024 { problems.append("SQLite holds \(settled.sqliteKiB) KiB: its page cache is meant to be capped") }
if settled.fds > samples[0].fds { problems.append("open descriptors grew from \(samples[0].fds) to \(settled.fds)") }

print("soak: \(payments) payments in \(scanning) (+ settling), plus \(barcodes) non-payment barcodes, \(garbage) bursts of garbage, \(replugs) scanner replugs, \(outages) link outages")
print("  network faults (payments): \(faultCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))")
print("  attempts by state: \(counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))")
print("  acquirer: \(ledger.payments.count) payments recorded, \(paidAtAcquirer) paid, \(ledger.requests) requests; \(notArrived) scans never reached it (expired or refused)")
print("  success pattern shown \(shown) times for \(succeeded) successes")
print("  payments   RSS KiB  heap KiB  SQLite KiB  other heap KiB  open fds")
for sample in samples + [settled] {
    print(String(format: "  %8d  %8d  %8d  %10d  %14d  %8d", sample.payments, sample.rssKiB, sample.heapKiB, sample.sqliteKiB, sample.otherHeapKiB, sample.fds))
}
print("  quiet after \(warm.payments) payments → quiet after \(payments): RSS \(signed(settled.rssKiB - warm.rssKiB)) KiB, SQLite \(signed(settled.sqliteKiB - warm.sqliteKiB)) KiB, other heap \(signed(otherGrowth)) KiB, fds \(signed(settled.fds - warm.fds))")
if problems.isEmpty {
    print("soak passed")
} else {
    for problem in problems.prefix(20) { print("FAIL: \(problem)") }
    print("journal, indicator log and metrics kept in \(directory) (delete it when done)")
    exit(1)
}

// MARK: - Helpers

struct Sample {
    let payments: Int
    let rssKiB: Int, heapKiB: Int, sqliteKiB: Int, fds: Int
    var otherHeapKiB: Int { heapKiB - sqliteKiB }
}

func signed(_ value: Int) -> String { value >= 0 ? "+\(value)" : "\(value)" }

/// The agent's own gauges from its metrics file, written after `payments` were sent: the soak
/// waits for a file newer than the call, so the figures are the agent's, measured by itself.
func sample(payments: Int) async throws -> Sample {
    let path = directory + "/scanbridge.prom"
    let asked = Date()
    for _ in 0..<100 {
        if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified > asked,
           let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var gauges: [String: Double] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                if parts.count == 2, let value = Double(parts[1]) { gauges[String(parts[0])] = value }
            }
            func kib(_ name: String) -> Int { Int((gauges[name] ?? -1024) / 1024) }
            if gauges["scanbridge_open_fds"] != nil {
                return Sample(payments: payments, rssKiB: kib("scanbridge_resident_bytes"), heapKiB: kib("scanbridge_heap_bytes"),
                              sqliteKiB: kib("scanbridge_sqlite_bytes"), fds: Int(gauges["scanbridge_open_fds"]!))
            }
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw SoakError.noMetrics
}

/// Codes the simulator's pay observer has seen, waited on by the scan loop.
final class Arrivals: Sendable {
    private let seen = Mutex<Set<String>>([])
    func record(_ code: String) { _ = seen.withLock { $0.insert(code) } }
    func wait(for code: String, seconds: Double, orUntil other: @Sendable () -> Bool = { false }) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if seen.withLock({ $0.remove(code) != nil }) || other() { return true }
            try? await Task.sleep(for: .microseconds(200))
        }
        return false
    }
}

func paymentCode(_ index: Int, suffix: String) -> String {
    let digits = String(index)
    return "281001" + String(repeating: "0", count: 16 - digits.count) + digits + suffix
}

func replug() throws {
    unlink(scannerLink)
    scanner.withLock { $0.unplug() }
    let fresh = try ScriptedScanner()
    symlink(fresh.path, scannerLink)
    scanner.withLock { $0 = fresh }
    // The agent reopens with backoff (at most 0.5 s between tries); a scan written before it has the
    // port open would be lost with the old cable, as it would be on a real box.
    usleep(1_500_000)
}

func waitForReady() async throws {
    // The first scan is the readiness check: the agent has the port, the journal and the link.
    let probe = paymentCode(9_999_999, suffix: "00")
    for _ in 0..<50 {
        try scanner.withLock { try $0.scan(probe, aim: "]C0") }
        if await arrivals.wait(for: probe, seconds: 0.2) { return }
    }
    throw SoakError.agentNeverReady
}

enum SoakError: Error { case agentNeverReady, noMetrics, journal(String) }

/// Waits until every attempt is final (pending codes are cancelled after their inquiries), lets
/// the agent go idle, then samples: nothing in flight, so what remains is what stays.
func quietSample(payments: Int) async throws -> Sample {
    let deadline = ContinuousClock.now + .seconds(120)
    while try unfinishedAttempts(journalPath) > 0, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(200))
    }
    try await Task.sleep(for: .seconds(2))
    return try await sample(payments: payments)
}

/// Reads the agent's journal while it runs, read-only, so the soak's look never blocks a write.
func unfinishedAttempts(_ path: String) throws -> Int {
    var db: OpaquePointer?
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
        sqlite3_close(db)
        throw SoakError.journal("cannot open \(path) read-only")
    }
    defer { sqlite3_close(db) }
    sqlite3_busy_timeout(db, 2000)
    var statement: OpaquePointer?
    let sql = "SELECT count(*) FROM attempts WHERE state IN ('captured', 'submitting', 'unknown', 'inquiring', 'cancelling')"
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw SoakError.journal("prepare failed") }
    defer { sqlite3_finalize(statement) }
    guard sqlite3_step(statement) == SQLITE_ROW else { throw SoakError.journal("query failed") }
    return Int(sqlite3_column_int64(statement, 0))
}

/// How many success notices played: each sounds the buzzer once, so its rising edges count them.
func successesShown(_ path: String) -> Int {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
    struct Record: Decodable { let pattern: String?; let value: Int; let output: String }
    return text.split(separator: "\n").count { line in
        guard let record = try? JSONDecoder().decode(Record.self, from: Data(line.utf8)) else { return false }
        return record.output == "buzzer" && record.pattern == "success" && record.value > 0
    }
}
