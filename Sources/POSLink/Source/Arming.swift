import Money

/// What the box is waiting for: nothing, or a code to pay an armed amount.
public enum Arming: Sendable, Equatable, CustomStringConvertible {
    case idle
    case armed(ArmedAmount)

    public var armedAmount: ArmedAmount? {
        if case .armed(let amount) = self { return amount }
        return nil
    }

    public var description: String {
        switch self {
        case .idle: "idle"
        case .armed(let amount): "armed \(amount)"
        }
    }
}

/// An amount waiting for the customer's code. `reference` is nil until the order exists in the
/// journal (a fixed price or a display total become an order only when a code is scanned).
public struct ArmedAmount: Sendable, Equatable, CustomStringConvertible {
    public let amount: Money
    public let reference: String?
    /// What the order is for, when the POS said ("2 coffees").
    public let note: String

    public init(amount: Money, reference: String?, note: String = "") {
        self.amount = amount
        self.reference = reference
        self.note = note
    }

    public var description: String {
        reference.map { "\(amount) for \($0)" } ?? "\(amount)"
    }
}
