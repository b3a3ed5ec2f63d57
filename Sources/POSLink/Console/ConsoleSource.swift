import PaymentModel
import Journal
import Logging
import Money
import Settlement

/// The console's `charge AMOUNT [CURRENCY] [REF]`: arms one order until a code pays it, the
/// merchant cancels it, or `armTimeout` passes. A declined code leaves the charge armed so the
/// customer can try again; a new `charge` replaces an armed one that no code is paying.
public actor ConsoleSource: AmountSource {
    public nonisolated let kind = AmountSourceKind.console
    public nonisolated let arming = ArmingSignal()
    public nonisolated let settings: ConsoleSourceSettings
    private let defaultCurrency: Currency
    private let journal: Journal
    private let clock: any WallClock
    private let logger: Logger
    private var charge: Charge?

    private struct Charge {
        let armed: ArmedAmount
        let reference: String
        var expiresAt: Int64
        var paying = false
    }

    public init(settings: ConsoleSourceSettings, journal: Journal, clock: any WallClock = SystemWallClock(), logger: Logger) throws(InvalidSettings) {
        let problems = settings.validate()
        guard problems.isEmpty, let currency = try? Currency(code: settings.defaultCurrency) else {
            throw InvalidSettings(problems: problems)
        }
        self.settings = settings
        self.defaultCurrency = currency
        self.journal = journal
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await runTicking(every: .milliseconds(500)) { await self.expireIfDue() }
    }

    /// Arms `amount` (major units, "12.50") in `currency` (or the default) under `reference` (or
    /// one the box makes up). The order is opened in the journal now, so a reference the journal
    /// knows with another amount is refused here, not at the scan.
    @discardableResult
    public func charge(amount: String, currency: String? = nil, reference: String? = nil) async throws(ChargeError) -> ArmedAmount {
        if let charge, charge.paying { throw .paymentInProgress(reference: charge.reference) }
        let money: Money
        do {
            let currency = try currency.map { (code) throws(MoneyError) in try Currency(code: code) } ?? defaultCurrency
            money = try Money(parsing: amount, currency: currency)
        } catch {
            if case .unknownCurrency = error { throw .badCurrency("\(error)") }
            throw .badAmount("\(error)")
        }
        guard money.minorUnits > 0 else { throw .badAmount("amount must be more than zero") }
        let now = clock.now()
        let reference = reference ?? OrderReference.make(prefix: settings.referencePrefix, now: now)
        guard OrderReference.isValid(reference) else { throw .badReference(reference) }
        do {
            try await journal.open(Order(reference: reference, amountMinor: money.minorUnits, currency: money.currency.code,
                                         source: kind.rawValue, createdAt: now))
        } catch {
            throw .journal("\(error)")
        }
        let armed = ArmedAmount(amount: money, reference: reference)
        charge = Charge(armed: armed, reference: reference, expiresAt: now + settings.armTimeout.ms)
        arming.set(.armed(armed))
        logger.info("charge armed", metadata: ["order": "\(reference)", "amount": "\(money)"])
        return armed
    }

    /// Drops the armed charge unless a code is already paying it; returns what was dropped.
    public func cancelCharge() throws(ChargeError) -> ArmedAmount? {
        guard let charge else { return nil }
        if charge.paying { throw .paymentInProgress(reference: charge.reference) }
        disarm("cancelled on the console")
        return charge.armed
    }

    /// The armed charge, if any, and whether a code is paying it.
    public var status: (armed: ArmedAmount, paying: Bool)? {
        charge.map { ($0.armed, $0.paying) }
    }

    public func statusText() async -> String {
        guard let charge else { return "console: no charge armed" }
        return "console: \(charge.armed.amount) for \(charge.reference) \(charge.paying ? "being paid" : "waiting for a code")"
    }

    public func orderForScan() async -> OrderForScan {
        expireIfDue()
        guard var charge else { return .none("no charge armed: type charge AMOUNT on the console") }
        if charge.paying { return .none("a payment for \(charge.reference) is in progress") }
        charge.paying = true
        self.charge = charge
        return .order(charge.reference)
    }

    public func deliver(_ event: PaymentEvent) async {
        guard var charge, charge.reference == event.orderReference else { return }
        switch event.kind {
        case .succeeded:
            disarm("paid")
        case .needsAttention, .duplicateReversed:
            disarm("needs attention")
        case .declined, .expired, .cancelled, .refused, .journalFault, .configurationError:
            // Not paid: the customer may show another code while the charge stays armed.
            charge.paying = false
            charge.expiresAt = max(charge.expiresAt, clock.now() + 30_000)
            self.charge = charge
        case .processing, .waitingForCustomer, .queuedOffline, .reversed:
            break
        }
    }

    func expireIfDue() {
        guard let charge, !charge.paying, clock.now() >= charge.expiresAt else { return }
        disarm("no code within \(settings.armTimeout)")
    }

    private func disarm(_ why: String) {
        if let charge { logger.info("charge disarmed", metadata: ["order": "\(charge.reference)", "why": "\(why)"]) }
        charge = nil
        arming.set(.idle)
    }
}

extension Duration {
    var ms: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
