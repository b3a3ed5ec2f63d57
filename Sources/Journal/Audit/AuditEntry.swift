/// One change made on the technician console, as the audit log keeps it. Values arrive here
/// already redacted: the journal never sees a secret.
public struct AuditEntry: Hashable, Sendable {
    public let id: Int64
    /// Unix ms.
    public let at: Int64
    /// The tty the change was made on.
    public let port: String
    /// `set`, `unset`, `passwd`, `pay cancel`, `factory-reset`, …
    public let action: String
    public let key: String?
    public let old: String?
    public let new: String?

    public init(id: Int64 = 0, at: Int64, port: String, action: String, key: String? = nil, old: String? = nil, new: String? = nil) {
        self.id = id
        self.at = at
        self.port = port
        self.action = action
        self.key = key
        self.old = old
        self.new = new
    }
}
