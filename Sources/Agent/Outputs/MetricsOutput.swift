import Events

/// Counts scans and payment steps for the textfile exporter.
struct MetricsOutput: EventListener {
    let metrics: MetricsRegistry
    var name: String { "metrics" }
    var buffer: Int { 1024 }

    func receive(_ event: AgentEvent) async {
        switch event {
        case .scan(let scan): metrics.increment("scanbridge_scans_total", labels: ["result": scan.kind.metricLabel])
        case .payment(let payment): metrics.increment("scanbridge_payments_total", labels: ["outcome": payment.kind.metricLabel])
        case .codeRefused, .desk, .output, .link: break
        }
    }
}
