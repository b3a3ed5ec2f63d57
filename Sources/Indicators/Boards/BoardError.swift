/// Why a board file was refused. Every message starts with the file, so a technician editing one
/// board file among several knows which one to fix.
public enum BoardError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    /// Not JSON, or a field has the wrong type or is missing.
    case malformed(file: String, reason: String)
    /// Well-formed but wrong: every problem found, not just the first.
    case invalid(file: String, problems: [String])

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read board file: \(reason)"
        case .malformed(let file, let reason): "\(file): \(reason)"
        case .invalid(let file, let problems): "\(file): " + problems.joined(separator: "; ")
        }
    }
}
