import Fleet
import Journal
import PaymentModel

/// The uplink in the textfile: is the link up, how much of the journal waits for the broker,
/// and for how long. An alert on the age catches a box whose broker refuses it for days.
enum FleetGauges {
    static func describe(in metrics: MetricsRegistry) {
        metrics.describe("scanbridge_fleet_link_up", type: "gauge", help: "1 while the MQTT link to the fleet broker is connected.")
        metrics.describe("scanbridge_fleet_export_backlog", type: "gauge", help: "Final payments and refunds the broker has not acknowledged.")
        metrics.describe("scanbridge_fleet_export_oldest_seconds", type: "gauge",
                         help: "Age of the oldest final payment or refund not yet acknowledged (0 when none waits).")
        metrics.describe("scanbridge_fleet_exported_total", type: "counter", help: "Rows marked exported on the broker's PUBACK since start.")
        metrics.describe("scanbridge_fleet_export_refused_total", type: "counter", help: "Exports the broker refused (PUBACK failure reason).")
    }

    static func record(_ fleet: FleetUplink, journal: Journal, in metrics: MetricsRegistry) async {
        let report = fleet.report
        metrics.set("scanbridge_fleet_link_up", to: report.connected ? 1 : 0)
        metrics.set("scanbridge_fleet_exported_total", to: Double(report.exported))
        metrics.set("scanbridge_fleet_export_refused_total", to: Double(report.refused))
        if let backlog = try? await journal.exportBacklog() {
            metrics.set("scanbridge_fleet_export_backlog", to: Double(backlog.count))
            let age = backlog.oldestAt.map { max(0, Timestamp.epochMilliseconds() - $0) } ?? 0
            metrics.set("scanbridge_fleet_export_oldest_seconds", to: Double(age) / 1000)
        }
    }
}
