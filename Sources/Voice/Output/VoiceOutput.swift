import Events
import Synchronization

/// The speaker as an output of the agent: each event that a customer or cashier should hear
/// becomes a phrase. `say` only queues, so this listener never falls behind.
public final class VoiceOutput: EventListener {
    public let speaker: Speaker
    /// The last phrase said for each order: every inquiry that finds the customer still
    /// confirming publishes "waiting" again, and the customer needs to hear it once.
    private let lastForOrder = Mutex<(order: String, phrase: Phrase)?>(nil)

    public init(speaker: Speaker) {
        self.speaker = speaker
    }

    public var name: String { "voice" }

    public func receive(_ event: AgentEvent) async {
        guard let phrase = VoiceMapping.phrase(for: event, faults: speaker.settings.announceFaults) else { return }
        if case .payment(let payment) = event {
            let repeated = lastForOrder.withLock { last in
                defer { last = (payment.orderReference, phrase) }
                return last?.order == payment.orderReference && last?.phrase == phrase
            }
            if repeated { return }
        }
        speaker.say(phrase, heardAt: event.heardAt ?? .now)
    }
}

extension AgentEvent {
    /// When what the event reports happened, where the event says so (a scan's frame time).
    var heardAt: ContinuousClock.Instant? {
        if case .scan(let scan) = self { return scan.at }
        return nil
    }
}
