import Console
import Events

/// The console is one more output: it hears scans (for `test scan` and `status`) and payments
/// (the last result and the acquirer's state) from the agent's event stream.
extension AgentConsoleHost: EventListener {
    public var name: String { "console" }

    public func receive(_ event: AgentEvent) async {
        switch event {
        case .scan(let scan): observe(scan)
        case .payment(let payment): observe(payment)
        case .codeRefused(let refusal):
            switch refusal.reason {
            case .noAmount(let why): recent.withLock { $0.lastResult = "scan refused: \(why)" }
            case .journalFault(let why): recent.withLock { $0.lastResult = "SCAN REFUSED, JOURNAL FAULT: \(why)" }
            }
        case .desk, .output, .link: break
        }
    }
}
