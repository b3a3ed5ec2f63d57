import Console
import PaymentModel
import Configuration
import Indicators
import Journal
import Money
import ScanCode
import Scanner
import Settlement
import Synchronization
import Voice

/// The console's view of the running agent, built from the real modules. The composition root
/// makes one, passes it every scan and payment event it sees (`observe`), and gives it to the
/// `ConsoleService`.
public final class AgentConsoleHost: ConsoleHost {
    /// What the host needs of the indicator driver (any clock).
    public struct Indicators: Sendable {
        public var send: @Sendable (IndicatorEvent) -> Void
        public var status: @Sendable () -> IndicatorStatus
        public var backend: any IndicatorBackend

        public init<C: Clock>(_ driver: IndicatorDriver<C>) where C.Duration == Duration {
            send = { driver.send($0) }
            status = { driver.status }
            backend = driver.backend
        }
    }

    let journal: Journal
    let store: ConfigurationStore
    let indicators: Indicators
    let acquirer: (any AcquirerLink)?
    let keys: any SigningKeys
    let engine: SettlementEngine?
    let attachedCharger = Mutex<ConsoleCharger?>(nil)
    let attachedSpeaker = Mutex<Speaker?>(nil)
    let version: String
    let onApply: @Sendable (AgentSettings, Set<String>) -> Void
    let onRestart: @Sendable () -> Void
    let amountStatus: (@Sendable () async -> String)?
    let fleetStatus: (@Sendable () async -> String)?
    let started = ContinuousClock.now
    let scans = ScanWaiters()
    let recent = Mutex(Recent())

    struct Recent {
        var scanner = "no port opened yet"
        var acquirer = "not used yet"
        var lastResult = "none yet"
    }

    /// - Parameters:
    ///   - acquirer: for `test acquirer`; nil when the acquirer is not configured.
    ///   - keys: the box's signing key (`key generate`, `key show-public`).
    ///   - engine: for `queue retry`, `pay cancel` and `pay refund` (every money movement goes
    ///     through it, journaled); nil when payments are not running.
    ///   - onApply: called after a commit with the new settings and the changed keys; apply the
    ///     live keys (log level, amount source) there.
    ///   - onRestart: asks the process to stop so the service manager starts it again.
    ///   - amountStatus: the active amount source's one-line state, for `status`.
    ///   - fleetStatus: the fleet uplink's one-line state (link, backlog), for `status`.
    public init(journal: Journal, store: ConfigurationStore, indicators: Indicators, acquirer: (any AcquirerLink)?,
                keys: any SigningKeys, engine: SettlementEngine? = nil, version: String, onApply: @escaping @Sendable (AgentSettings, Set<String>) -> Void = { _, _ in },
                onRestart: @escaping @Sendable () -> Void, amountStatus: (@Sendable () async -> String)? = nil,
                fleetStatus: (@Sendable () async -> String)? = nil) {
        self.fleetStatus = fleetStatus
        self.journal = journal
        self.store = store
        self.indicators = indicators
        self.acquirer = acquirer
        self.keys = keys
        self.engine = engine
        self.version = version
        self.onApply = onApply
        self.onRestart = onRestart
        self.amountStatus = amountStatus
    }

    // MARK: Events from the composition root

    /// The console amount source's charge and cancel, when it is the active source; the
    /// composition root attaches them (the console does not know the POS link).
    public func attach(charger: ConsoleCharger?) {
        attachedCharger.withLock { $0 = charger }
    }

    public func charge(amount: String, currency: String?, reference: String?) async -> Result<String, ConsoleHostError> {
        guard let charger = attachedCharger.withLock({ $0 }) else {
            return .failure(ConsoleHostError("the console is not the amount source (amount.source = console)"))
        }
        return await charger.charge(amount, currency, reference)
    }

    public func cancelCharge() async -> Result<String, ConsoleHostError> {
        guard let charger = attachedCharger.withLock({ $0 }) else {
            return .failure(ConsoleHostError("the console is not the amount source (amount.source = console)"))
        }
        return await charger.cancel()
    }

    /// Every scan event: kept for `status` and handed to a waiting `test scan`.
    public func observe(_ event: ScanEvent) {
        switch event.kind {
        case .scannerConnected(let path): recent.withLock { $0.scanner = "connected at \(path)" }
        case .scannerDisconnected(let error): recent.withLock { $0.scanner = "DOWN: \(error)" }
        default: break
        }
        if let report = Self.report(event) { scans.deliver(report) }
    }

    /// Every payment event: the last result and the acquirer link for `status`.
    public func observe(_ event: PaymentEvent) {
        recent.withLock { recent in
            let order = "order \(event.orderReference)"
            switch event.kind {
            case .processing, .waitingForCustomer: return
            case .succeeded: recent.lastResult = "paid (\(order))"; recent.acquirer = "reachable"
            case .declined(let reason, let code): recent.lastResult = "declined \(code) \(reason) (\(order))"; recent.acquirer = "reachable"
            case .queuedOffline: recent.lastResult = "queued offline (\(order))"; recent.acquirer = "UNREACHABLE (payments queued)"
            case .expired: recent.lastResult = "expired: code never sent (\(order))"
            case .cancelled: recent.lastResult = "cancelled (\(order))"
            case .duplicateReversed: recent.lastResult = "second payment reversed (\(order))"
            case .reversed(let source): recent.lastResult = "reversed by \(source) (\(order))"
            case .needsAttention: recent.lastResult = "NEEDS ATTENTION (\(order))"
            case .refused(let why): recent.lastResult = "scan refused: \(why)"
            case .journalFault(let why): recent.lastResult = "SCAN REFUSED, JOURNAL FAULT: \(why)"
            case .configurationError(let why): recent.lastResult = "configuration error: \(why)"
            }
        }
    }

    static func report(_ event: ScanEvent) -> ScanReport? {
        let symbol = event.symbology.map { " (\($0.symbology.rawValue), AIM \($0))" } ?? ""
        switch event.kind {
        case .paymentCode(let code):
            return ScanReport(hex: SafePreview.hex(Array(code.masked.utf8)), result: "payment code \(code.masked), \(code.kind.rawValue), \(code.length) digits\(symbol)")
        case .duplicate(let code):
            return ScanReport(hex: SafePreview.hex(Array(code.masked.utf8)), result: "duplicate \(code.masked): ignored within the window")
        case .rejected(let reason, let preview):
            return ScanReport(hex: SafePreview.hex(Array(preview.utf8)), result: "not a payment code: \(reason)\(symbol)")
        case .dropped(let reason):
            return ScanReport(hex: "-", result: "frame dropped: \(reason)")
        case .scannerConnected, .scannerDisconnected:
            return nil
        }
    }

    // MARK: ConsoleHost

    public func status() async -> StatusSnapshot {
        let depth = (try? await journal.unfinished().count) ?? -1
        let recent = recent.withLock { $0 }
        return StatusSnapshot(
            version: version, uptime: ContinuousClock.now - started, scanner: recent.scanner, acquirer: recent.acquirer,
            clockSkew: acquirer?.observedClockSkew,
            queueDepth: depth, lastResult: recent.lastResult,
            outputs: indicators.status().description.split(separator: "\n").map(String.init)
                + (attachedSpeaker.withLock { $0 }.map { [$0.status.description] } ?? []),
            amountSource: await amountStatus?(), fleet: await fleetStatus?())
    }

    public func testOutput(_ name: String) async -> Result<String, ConsoleHostError> {
        guard let output = OutputName(parsing: name), indicators.backend.outputs.contains(output) else {
            let known = indicators.backend.outputs.sorted().map(\.rawValue).joined(separator: ", ")
            return .failure(ConsoleHostError("no output \"\(name)\" on this board; outputs: \(known)"))
        }
        do {
            try indicators.backend.write(OutputWrite(output: output, on: true, pattern: "console-test"))
            try? await Task.sleep(for: .milliseconds(output.isBuzzer ? 200 : 1000))
            try indicators.backend.write(OutputWrite(output: output, on: false, pattern: "console-test"))
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
        return .success("\(output) on, then off")
    }

    public func testPattern(_ event: String) async -> Result<String, ConsoleHostError> {
        guard let event = IndicatorEvent(rawValue: event) else {
            return .failure(ConsoleHostError("no event \"\(event)\"; events: \(IndicatorEvent.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        indicators.send(event)
        return .success("playing \(event.rawValue)")
    }

    public func nextScan(timeout: Duration) async -> ScanReport? {
        await scans.next(timeout: timeout)
    }

    public func apply(_ settings: AgentSettings, changed: Set<String>) async -> ApplyReport {
        onApply(settings, changed)
        let live = changed.filter { ConfigKey.named($0)?.appliesLive == true }.sorted()
        return ApplyReport(appliedLive: live, needsRestart: changed.subtracting(live).sorted())
    }

    public func audit(_ entries: [AuditEntry]) async -> ConsoleHostError? {
        do {
            try await journal.audit(entries)
            return nil
        } catch {
            return ConsoleHostError("\(error)")
        }
    }

    public func requestRestart() async {
        onRestart()
    }

    public func boards() async -> [BoardSummary] {
        let settings = store.settings.board
        let profiles = (try? BoardProfile.loadAll(directory: settings.directory)) ?? [:]
        return profiles.values.sorted { $0.id < $1.id }.map { BoardSummary(id: $0.id, name: $0.name, current: $0.id == settings.name) }
    }

    public func logTail(_ lines: Int) async -> [String] {
        let tail = LogTail.lastBytes(of: store.settings.log.file, count: 256 * 1024)
        return String(decoding: tail, as: UTF8.self).split(separator: "\n").suffix(lines).map(String.init)
    }
}

/// What `charge` and `charge cancel` do, as the composition root wires them to the console
/// amount source.
public struct ConsoleCharger: Sendable {
    public let charge: @Sendable (_ amount: String, _ currency: String?, _ reference: String?) async -> Result<String, ConsoleHostError>
    public let cancel: @Sendable () async -> Result<String, ConsoleHostError>

    public init(charge: @escaping @Sendable (String, String?, String?) async -> Result<String, ConsoleHostError>,
                cancel: @escaping @Sendable () async -> Result<String, ConsoleHostError>) {
        self.charge = charge
        self.cancel = cancel
    }
}
