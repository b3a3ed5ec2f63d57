import Events
import Indicators

/// Lights and buzzer: each event that a merchant should see becomes an indicator event. The
/// driver's `send` only queues, so this listener never falls behind.
struct IndicatorOutput: EventListener {
    let indicators: IndicatorDriver<ContinuousClock>
    var name: String { "indicators" }

    func receive(_ event: AgentEvent) async {
        if let shown = IndicatorMapping.indicator(for: event) { indicators.send(shown) }
    }
}
