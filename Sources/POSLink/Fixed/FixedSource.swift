import PaymentModel
import Journal
import Logging
import Money
import Settlement

/// Every accepted code is a new order for the configured price. With a daily cap, the box stops
/// arming once what it took today (paid, or still being settled) plus one more price would pass
/// the cap; the cap is counted from the journal, so a restart does not reset it.
public actor FixedSource: AmountSource {
    public nonisolated let kind = AmountSourceKind.fixed
    public nonisolated let arming = ArmingSignal()
    public nonisolated let settings: FixedSourceSettings
    private let price: Money
    private let cap: Money?
    private let journal: Journal
    private let clock: any WallClock
    private let logger: Logger
    /// Orders handed out whose attempt the journal may not hold yet (the scan is on its way to
    /// the engine): counted against the cap until their first event.
    private var reserved: [String: Int64] = [:]

    public init(settings: FixedSourceSettings, journal: Journal, clock: any WallClock = SystemWallClock(), logger: Logger) throws(InvalidSettings) {
        var check = SettingsCheck()
        let resolved = settings.resolve(&check)
        try check.finish()
        guard let resolved else { throw InvalidSettings(problems: check.problems) }
        self.settings = settings
        self.price = resolved.price
        self.cap = resolved.cap
        self.journal = journal
        self.clock = clock
        self.logger = logger
        arming.set(.armed(ArmedAmount(amount: resolved.price, reference: nil, note: settings.description)))
    }

    public func run() async throws {
        // The cap resets at the start of the day: re-arm when it does.
        await runTicking(every: .seconds(30)) { await self.refreshArming() }
    }

    public func orderForScan() async -> OrderForScan {
        let now = clock.now()
        if let cap {
            let taken: Int64
            do {
                taken = try await journal.committedAmount(source: kind.rawValue, since: startOfDay(now)) + reserved.values.reduce(0, +)
            } catch {
                return .journalFault("journal unreadable: \(error)")
            }
            guard taken + price.minorUnits <= cap.minorUnits else {
                arming.set(.idle)
                logger.notice("daily cap reached", metadata: ["cap": "\(cap)", "taken": "\(taken)"])
                return .none("daily cap of \(cap) reached")
            }
        }
        let reference = OrderReference.make(prefix: settings.referencePrefix, now: now)
        // Reserved until its first event: `refused` or `journalFault` if the capture fails.
        reserved[reference] = price.minorUnits
        return .open(Order(reference: reference, amountMinor: price.minorUnits, currency: price.currency.code,
                           description: settings.description, source: kind.rawValue, createdAt: now))
    }

    public func deliver(_ event: PaymentEvent) async {
        guard reserved.removeValue(forKey: event.orderReference) != nil || event.orderReference.hasPrefix(settings.referencePrefix + "-") else { return }
        switch event.kind {
        case .succeeded, .declined, .expired, .cancelled, .refused, .journalFault, .needsAttention, .configurationError:
            await refreshArming()
        default:
            break
        }
    }

    public func statusText() async -> String {
        guard let cap else { return "fixed: \(price) per code" }
        let taken = (try? await journal.committedAmount(source: kind.rawValue, since: startOfDay(clock.now()))) ?? 0
        let takenMoney = (try? Money(minorUnits: taken, currency: price.currency)).map(\.description) ?? "\(taken)"
        return "fixed: \(price) per code, \(takenMoney) of the \(cap) daily cap taken"
    }

    /// Armed while one more payment fits under today's cap.
    func refreshArming() async {
        guard let cap else { return }
        let now = clock.now()
        guard let taken = try? await journal.committedAmount(source: kind.rawValue, since: startOfDay(now)) else { return }
        let fits = taken + reserved.values.reduce(0, +) + price.minorUnits <= cap.minorUnits
        arming.set(fits ? .armed(ArmedAmount(amount: price, reference: nil, note: settings.description)) : .idle)
    }

    private func startOfDay(_ now: Int64) -> Int64 {
        let offset = Int64(settings.utcOffsetMinutes) * 60_000
        let day: Int64 = 86_400_000
        let local = now + offset
        return local - ((local % day) + day) % day - offset
    }
}
