import Configuration
import Journal

/// Everything the console needs from the rest of the agent, and nothing more: the seam between
/// the line-oriented console and the services. `AgentConsoleHost` is the real one, built from the
/// journal, the indicator driver, the scanner's events and the acquirer client; tests use fakes.
///
/// Every text a host returns is shown through `TerminalText.escaped`; hosts never return a full
/// payment code or a secret.
public protocol ConsoleHost: Sendable {
    func status() async -> StatusSnapshot
    /// Lights `name` (`led.green`, `green`) or sounds `buzzer` briefly.
    func testOutput(_ name: String) async -> Result<String, ConsoleHostError>
    /// Plays the pattern of an indicator event (`success`, `declined`, …).
    func testPattern(_ event: String) async -> Result<String, ConsoleHostError>
    /// The next read from the scanner; nil when `timeout` passed or the task was cancelled.
    func nextScan(timeout: Duration) async -> ScanReport?
    /// Connectivity, TLS, a signed round trip; one step per line.
    func acquirerSelfTest() async -> [SelfTestStep]
    func queue() async -> Result<[QueueItem], ConsoleHostError>
    func queueItem(_ id: Int64) async -> Result<[String], ConsoleHostError>
    /// The end-of-day report for `today` (nil) or a `YYYY-MM-DD` business day, as lines.
    func report(_ day: String?) async -> Result<[String], ConsoleHostError>
    /// Sends a queued payment now (or inquires an unknown one now).
    func retry(_ id: Int64) async -> Result<String, ConsoleHostError>
    /// Cancels (reverses) a payment at the acquirer.
    func cancelPayment(_ id: Int64) async -> Result<String, ConsoleHostError>
    /// Refunds `amount` (decimal, in the payment's currency) of a paid payment.
    func refundPayment(_ id: Int64, amount: String) async -> Result<String, ConsoleHostError>
    /// Makes the box's signing key (never over an existing one); returns the public key to register.
    func generateKey() async -> Result<String, ConsoleHostError>
    func publicKey() async -> Result<String, ConsoleHostError>
    func boards() async -> [BoardSummary]
    func logTail(_ lines: Int) async -> [String]
    /// New settings were committed; apply what can change live and say what needs a restart.
    func apply(_ settings: AgentSettings, changed: Set<String>) async -> ApplyReport
    /// Records console actions in the audit log (values already redacted).
    func audit(_ entries: [AuditEntry]) async -> ConsoleHostError?
    /// Asks the agent to restart (the service manager starts it again).
    func requestRestart() async
    /// Arms an amount on the console amount source (`charge 12.50 [CURRENCY] [REF]`).
    func charge(amount: String, currency: String?, reference: String?) async -> Result<String, ConsoleHostError>
    /// Drops the armed console charge.
    func cancelCharge() async -> Result<String, ConsoleHostError>
    /// Says a phrase by its test name (`paid` when nil), with `amount` for the phrases that have one.
    func testVoice(_ phrase: String?, amount: String?) async -> Result<String, ConsoleHostError>
    /// Says the last result again.
    func sayLast() async -> Result<String, ConsoleHostError>
}

public struct ConsoleHostError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What `status` shows. Text fields are display-ready and safe (masked, no secrets).
public struct StatusSnapshot: Sendable, Hashable {
    public var version: String
    public var uptime: Duration
    public var scanner: String
    public var acquirer: String
    /// Measured offset of the acquirer's clock from ours, when known.
    public var clockSkew: Duration?
    public var queueDepth: Int
    public var lastResult: String
    /// One line per output: `led.green ok`, `buzzer DOWN: …`.
    public var outputs: [String]
    /// Where amounts come from and what is armed: `fixed: 4.20 SGD per code`.
    public var amountSource: String?
    /// The fleet uplink: link state and export backlog; nil when the box has none.
    public var fleet: String?

    public init(version: String, uptime: Duration, scanner: String, acquirer: String, clockSkew: Duration? = nil,
                queueDepth: Int, lastResult: String, outputs: [String], amountSource: String? = nil, fleet: String? = nil) {
        self.fleet = fleet
        self.version = version
        self.uptime = uptime
        self.scanner = scanner
        self.acquirer = acquirer
        self.clockSkew = clockSkew
        self.queueDepth = queueDepth
        self.lastResult = lastResult
        self.outputs = outputs
        self.amountSource = amountSource
    }
}

extension StatusSnapshot {
    /// A duration to the nearest whole second, halves away from zero.
    public static func roundedSeconds(_ duration: Duration) -> Int64 {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return (ms + (ms >= 0 ? 500 : -500)) / 1000
    }

    /// `acquirer clock 3 s ahead of ours (±1 s)`.
    public static func describeSkew(_ skew: Duration) -> String {
        let seconds = roundedSeconds(skew)
        if seconds == 0 { return "acquirer clock agrees with ours (±1 s)" }
        return "acquirer clock \(abs(seconds)) s \(seconds > 0 ? "ahead of" : "behind") ours (±1 s)"
    }
}

/// One scanner read for `test scan`: the bytes (digits of payment codes masked) and the verdict.
public struct ScanReport: Sendable, Hashable {
    public var hex: String
    public var result: String
    public init(hex: String, result: String) {
        self.hex = hex
        self.result = result
    }
}

public struct SelfTestStep: Sendable, Hashable {
    public var name: String
    public var ok: Bool
    public var detail: String
    public init(_ name: String, ok: Bool, _ detail: String) {
        self.name = name
        self.ok = ok
        self.detail = detail
    }
}

public struct QueueItem: Sendable, Hashable {
    public var id: Int64
    public var state: String
    public var amount: String
    public var codeMasked: String
    public var order: String
    public init(id: Int64, state: String, amount: String, codeMasked: String, order: String) {
        self.id = id
        self.state = state
        self.amount = amount
        self.codeMasked = codeMasked
        self.order = order
    }
}

public struct BoardSummary: Sendable, Hashable {
    public var id: String
    public var name: String
    public var current: Bool
    public init(id: String, name: String, current: Bool) {
        self.id = id
        self.name = name
        self.current = current
    }
}

public struct ApplyReport: Sendable, Hashable {
    public var appliedLive: [String]
    public var needsRestart: [String]
    public init(appliedLive: [String], needsRestart: [String]) {
        self.appliedLive = appliedLive
        self.needsRestart = needsRestart
    }
}

extension ConsoleHost {
    public func charge(amount: String, currency: String?, reference: String?) async -> Result<String, ConsoleHostError> {
        .failure(ConsoleHostError("the console is not the amount source (amount.source = console)"))
    }

    public func cancelCharge() async -> Result<String, ConsoleHostError> {
        .failure(ConsoleHostError("the console is not the amount source (amount.source = console)"))
    }

    public func testVoice(_ phrase: String?, amount: String?) async -> Result<String, ConsoleHostError> {
        .failure(ConsoleHostError("this box does not speak (voice.enabled = false)"))
    }

    public func sayLast() async -> Result<String, ConsoleHostError> {
        .failure(ConsoleHostError("this box does not speak (voice.enabled = false)"))
    }
}
