/// One thing wrong with the configuration: which key, where it was written, and a message that
/// says what is wrong and what is allowed. Secret values never appear in it.
public struct ConfigurationIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The configuration cannot be used.
        case error
        /// Usable, but something will not work (e.g. payments without a client id).
        case warning
    }

    public var key: String?
    public var location: String
    public var message: String
    public var severity: Severity

    public init(key: String?, location: String, _ message: String, severity: Severity = .error) {
        self.key = key
        self.location = location
        self.message = message
        self.severity = severity
    }

    public var description: String {
        let subject = key.map { "\($0): " } ?? ""
        return "\(location): \(severity == .warning ? "warning: " : "")\(subject)\(message)"
    }
}

/// Every issue found, errors first; thrown when a configuration cannot be used.
public struct ConfigurationIssues: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigurationIssue]

    public init(_ issues: [ConfigurationIssue]) { self.issues = issues }

    public var errors: [ConfigurationIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [ConfigurationIssue] { issues.filter { $0.severity == .warning } }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
