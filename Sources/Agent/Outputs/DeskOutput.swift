import Events
import POSLink

/// Results back to where the amount came from (the POS, the display tap, the console), in the
/// order the engine made them. Its buffer is large: a POS that stops reading must not cost a
/// result, though a dropped one is still in the journal for the POS to ask for (`RESULT`).
struct DeskOutput: EventListener {
    let desk: any AmountSource
    var name: String { "desk" }
    var buffer: Int { 1024 }

    func receive(_ event: AgentEvent) async {
        guard case .payment(let payment) = event else { return }
        await desk.deliver(payment)
    }
}
