import Configuration
import Console
import Journal
import Synchronization

/// A host that records what the console asked of it.
final class FakeHost: ConsoleHost {
    struct Calls {
        var applied: [(AgentSettings, Set<String>)] = []
        var audit: [AuditEntry] = []
        var tests: [String] = []
        var cancelled: [Int64] = []
        var restarts = 0
    }

    let calls = Mutex(Calls())
    let scan: ScanReport?
    let logLines: [String]

    init(scan: ScanReport? = nil, logLines: [String] = []) {
        self.scan = scan
        self.logLines = logLines
    }

    var audit: [AuditEntry] { calls.withLock { $0.audit } }
    var applied: [(AgentSettings, Set<String>)] { calls.withLock { $0.applied } }

    func status() async -> StatusSnapshot {
        StatusSnapshot(version: "test", uptime: .seconds(75), scanner: "connected at /dev/pts/9", acquirer: "reachable",
                       queueDepth: 2, lastResult: "paid (order A1)", outputs: ["buzzer ok", "led.green ok"],
                       fleet: "DOWN: TLS failed (certificate not trusted, or refused by the broker) (fleet.example.com:8883, box T1), 3 waiting to export, 0 exported")
    }

    func testOutput(_ name: String) async -> Result<String, ConsoleHostError> {
        calls.withLock { $0.tests.append("output \(name)") }
        return .success("\(name) on, then off")
    }

    func testPattern(_ event: String) async -> Result<String, ConsoleHostError> {
        calls.withLock { $0.tests.append("pattern \(event)") }
        return .success("playing \(event)")
    }

    func nextScan(timeout: Duration) async -> ScanReport? {
        if let scan { return scan }
        // No scanner: wait until the console cancels (Ctrl-C) or the timeout passes.
        try? await Task.sleep(for: timeout)
        return nil
    }

    func acquirerSelfTest() async -> [SelfTestStep] {
        [SelfTestStep("connect + TLS", ok: true, "https://example.invalid"), SelfTestStep("signed call", ok: false, "INVALID_SIGNATURE")]
    }

    func queue() async -> Result<[QueueItem], ConsoleHostError> {
        .success([QueueItem(id: 7, state: "captured", amount: "12.50 SGD", codeMasked: "281234********5678", order: "A7")])
    }

    func queueItem(_ id: Int64) async -> Result<[String], ConsoleHostError> {
        id == 7 ? .success(["payment 7: captured"]) : .failure(ConsoleHostError("journal has no attempt \(id)"))
    }

    func report(_ day: String?) async -> Result<[String], ConsoleHostError> {
        day == nil || day == "2026-12-03" ? .success(["report 2026-12-03"]) : .failure(ConsoleHostError("not a date: \(day ?? "")"))
    }

    func retry(_ id: Int64) async -> Result<String, ConsoleHostError> { .success("payment \(id) is now submitting") }

    func cancelPayment(_ id: Int64) async -> Result<String, ConsoleHostError> {
        calls.withLock { $0.cancelled.append(id) }
        return .success("payment \(id) cancelled at the acquirer")
    }

    func refundPayment(_ id: Int64, amount: String) async -> Result<String, ConsoleHostError> { .success("refunded \(amount)") }
    func generateKey() async -> Result<String, ConsoleHostError> { .failure(ConsoleHostError("key file exists")) }
    func publicKey() async -> Result<String, ConsoleHostError> { .success("-----BEGIN PUBLIC KEY-----") }
    func boards() async -> [BoardSummary] { [BoardSummary(id: "rpi4", name: "Raspberry Pi 4", current: false), BoardSummary(id: "sim", name: "no hardware", current: true)] }
    func logTail(_ lines: Int) async -> [String] { Array(logLines.suffix(lines)) }

    func apply(_ settings: AgentSettings, changed: Set<String>) async -> ApplyReport {
        calls.withLock { $0.applied.append((settings, changed)) }
        let live = changed.filter { ConfigKey.named($0)?.appliesLive == true }.sorted()
        return ApplyReport(appliedLive: live, needsRestart: changed.subtracting(live).sorted())
    }

    func audit(_ entries: [AuditEntry]) async -> ConsoleHostError? {
        calls.withLock { $0.audit += entries }
        return nil
    }

    func requestRestart() async { calls.withLock { $0.restarts += 1 } }
}
