import PaymentModel
import Journal
import Logging
import Settlement

/// The configured amount source, as the configuration layer maps `amount-source` and its keys.
public enum AmountSourceSettings: Hashable, Sendable {
    case ecr(ECRSettings)
    case displayTap(DisplayTapSettings)
    case fixed(FixedSourceSettings)
    case console(ConsoleSourceSettings)

    public var kind: AmountSourceKind {
        switch self {
        case .ecr: .ecr
        case .displayTap: .displayTap
        case .fixed: .fixed
        case .console: .console
        }
    }

    public func validate() -> [SettingsProblem] {
        switch self {
        case .ecr(let settings): settings.validate()
        case .displayTap(let settings): settings.validate()
        case .fixed(let settings): settings.validate()
        case .console(let settings): settings.validate()
        }
    }

    /// Builds the source. Nothing is opened until its `run()`: a port or listener that is not
    /// there yet is retried (serial) or reported (TCP) by the running source.
    /// - Parameter movements: for ECR refunds and reversals (the settlement engine); the other
    ///   sources move no money back.
    public func makeSource(journal: Journal, movements: (any MoneyMovements)?, clock: any WallClock = SystemWallClock(),
                           logger: Logger) throws(InvalidSettings) -> any AmountSource {
        switch self {
        case .ecr(let settings): try ECRSource(settings: settings, journal: journal, movements: movements, clock: clock, logger: logger)
        case .displayTap(let settings): try DisplayTapSource(settings: settings, clock: clock, logger: logger)
        case .fixed(let settings): try FixedSource(settings: settings, journal: journal, clock: clock, logger: logger)
        case .console(let settings): try ConsoleSource(settings: settings, journal: journal, clock: clock, logger: logger)
        }
    }
}
