import PaymentModel
import Journal
import Logging
import Money
import SerialIO
import ServiceLifecycle
import Settlement

/// Arms the total a POS shows on its customer display, read passively from a tap on the display
/// cable: no change to the POS. A total is armed when it is shown under the total lamp (or the
/// lamp lights under it), and disarmed when the display is cleared, the collect/change lamp
/// lights (paid in cash), a code pays it, or `armTimeout` passes. A payment already under way is
/// not disturbed by a clear: its result still arrives as events.
public actor DisplayTapSource: AmountSource {
    public nonisolated let kind = AmountSourceKind.displayTap
    public nonisolated let arming = ArmingSignal()
    public nonisolated let settings: DisplayTapSettings
    private let currency: Currency
    private let clock: any WallClock
    private let logger: Logger
    private let port: PortConfiguration

    /// What the display shows now.
    private var shown: Money?
    private var lamp = 0
    /// The total armed for a code, with its order once a code was scanned for it.
    private var armed: Armed?
    /// The order a code is paying, until its result.
    private var paying: String?
    /// Whether the tap's port is open (for the console's status).
    public private(set) var isConnected = false

    private struct Armed {
        let amount: Money
        var reference: String?
        var expiresAt: Int64
    }

    public init(settings: DisplayTapSettings, clock: any WallClock = SystemWallClock(), logger: Logger) throws(InvalidSettings) {
        let problems = settings.validate()
        guard problems.isEmpty, let currency = try? Currency(code: settings.currency) else { throw InvalidSettings(problems: problems) }
        self.settings = settings
        self.currency = currency
        self.clock = clock
        self.logger = logger
        self.port = PortConfiguration(location: .path(settings.port), settings: SerialSettings(baudRate: settings.baudRate))
    }

    public func run() async throws {
        let reader = try PortReader(configuration: port, logger: logger)
        let (inputs, continuation) = AsyncStream<DisplayTapInput>.makeStream(bufferingPolicy: .bufferingNewest(256))
        try reader.start(delegate: DisplayTapReader { continuation.yield($0) }) { continuation.finish() }
        await serve(inputs, handle: { await self.handle($0) }, expire: { await self.expireIfDue() }, stop: { reader.stop() })
        reader.stop()
    }

    public func orderForScan() async -> OrderForScan {
        expireIfDue()
        if let paying { return .none("a payment for \(paying) is in progress") }
        guard var armed else { return .none("no total on the customer display") }
        let now = clock.now()
        let reference = armed.reference ?? OrderReference.make(prefix: settings.referencePrefix, now: now)
        if armed.reference == nil {
            // Kept for another code after a decline, so the retry pays the same order.
            armed.reference = reference
            self.armed = armed
            arming.set(.armed(ArmedAmount(amount: armed.amount, reference: reference)))
        }
        paying = reference
        // Journaled with the attempt, in its one fsynced commit (or again with the retry's, which
        // finds it there with the same amount).
        return .open(Order(reference: reference, amountMinor: armed.amount.minorUnits, currency: currency.code,
                           source: kind.rawValue, createdAt: now))
    }

    public func statusText() async -> String {
        let link = isConnected ? "\(settings.port) open" : "\(settings.port) not open"
        if let paying { return "display-tap: \(link); \(paying) being paid" }
        guard let armed else { return "display-tap: \(link); no total" }
        return "display-tap: \(link); total \(armed.amount) waiting for a code"
    }

    public func deliver(_ event: PaymentEvent) async {
        guard event.orderReference == paying else { return }
        switch event.kind {
        case .succeeded, .needsAttention, .duplicateReversed:
            paying = nil
            if armed?.reference == event.orderReference { disarm("paid") }
        case .declined, .expired, .cancelled, .refused, .journalFault, .configurationError:
            // Not paid: the total stays armed (if still shown) for another code.
            paying = nil
        case .processing, .waitingForCustomer, .queuedOffline, .reversed:
            break
        }
    }

    func handle(_ input: DisplayTapInput) {
        switch input {
        case .connected(let path):
            isConnected = true
            logger.info("display tap open", metadata: ["port": "\(path)"])
        case .disconnected(let why):
            isConnected = false
            // A display we cannot see might have been cleared: do not leave a stale total armed.
            shown = nil
            disarm("display tap lost: \(why)")
        case .display(.cleared):
            shown = nil
            lamp = 0
            disarm("display cleared")
        case .display(.lamp(let number)):
            lamp = number
            if number == 2, let shown { arm(shown) }
            if number == 3 || number == 4 { disarm("paid otherwise (lamp \(number))") }
        case .display(.amountShown(let text)):
            shown = parse(text)
            if let shown, lamp == 2 || !settings.requireTotalLamp {
                arm(shown)
            } else if armed != nil, paying == nil {
                disarm("display shows another amount")
            }
        }
    }

    func expireIfDue() {
        guard let armed, paying == nil, clock.now() >= armed.expiresAt else { return }
        disarm("no code within \(settings.armTimeout)")
    }

    private func arm(_ amount: Money) {
        guard amount.minorUnits > 0 else { return disarm("display shows zero") }
        if let armed, armed.amount == amount { return }  // the same total redrawn
        armed = Armed(amount: amount, reference: nil, expiresAt: clock.now() + settings.armTimeout.ms)
        arming.set(.armed(ArmedAmount(amount: amount, reference: nil)))
        logger.info("total armed from the customer display", metadata: ["amount": "\(amount)"])
    }

    private func disarm(_ why: String) {
        guard armed != nil else { return }
        armed = nil
        arming.set(.idle)
        logger.info("total disarmed", metadata: ["why": "\(why)"])
    }

    private func parse(_ text: String) -> Money? {
        // A comma is a decimal point on some POS and a thousands separator on others: refuse it
        // rather than guess and charge a hundred times too much.
        guard !text.contains(",") else { return nil }
        let cleaned = text
        do {
            switch settings.amountFormat {
            case .decimal: return try Money(parsing: cleaned, currency: currency)
            case .minorUnits: return try Money(minorUnitsText: cleaned.filter { $0 != "." }, currency: currency)
            }
        } catch {
            logger.debug("display line is not an amount", metadata: ["line": "\(text.prefix(20))"])
            return nil
        }
    }
}
