/// Why a console `charge` was not armed; the text is what the console prints.
public enum ChargeError: Error, Hashable, Sendable, CustomStringConvertible {
    case badCurrency(String)
    case badAmount(String)
    case badReference(String)
    /// A code was already scanned for the armed charge; its result comes first.
    case paymentInProgress(reference: String)
    /// The journal refused the order (same reference with another amount, disk full …).
    case journal(String)

    public var description: String {
        switch self {
        case .badCurrency(let why): why
        case .badAmount(let why): why
        case .badReference(let reference):
            "reference \"\(reference)\" must be 1 to 64 letters, digits or - _ . / # :"
        case .paymentInProgress(let reference): "a payment for \(reference) is in progress; wait for its result"
        case .journal(let why): why
        }
    }
}
