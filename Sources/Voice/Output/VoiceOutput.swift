import Events

/// The speaker as an output of the agent: each event that a customer or cashier should hear
/// becomes a phrase. `say` only queues, so this listener never falls behind.
public struct VoiceOutput: EventListener {
    public let speaker: Speaker

    public init(speaker: Speaker) {
        self.speaker = speaker
    }

    public var name: String { "voice" }

    public func receive(_ event: AgentEvent) async {
        guard let phrase = VoiceMapping.phrase(for: event, faults: speaker.settings.announceFaults) else { return }
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
