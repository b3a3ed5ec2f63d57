import Journal

/// Why the agent will not start, in words for the technician reading `journalctl -u scanbridge`.
public enum AgentStartError: Error, Sendable, CustomStringConvertible {
    /// No journal it can write (a read-only or full disk, a corrupt file). Starting anyway would
    /// mean taking payments without a record, which scanbridge never does.
    case journal(path: String, JournalError)

    public var description: String {
        switch self {
        case .journal(let path, let error):
            "scanbridge cannot start: \(error) (\(path)). No payment is taken without a journal that can record it: "
                + "fix the disk, then restart scanbridge."
        }
    }
}
