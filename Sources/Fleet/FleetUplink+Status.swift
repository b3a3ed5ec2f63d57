import PaymentModel

extension FleetUplink {
    /// One line for the console's `status`: `connected to host:port (box BOX-1), 0 waiting,
    /// 12 exported` or `DOWN: TLS failed (…), 3 waiting since 14:02:11Z`.
    public func statusLine() async -> String {
        let report = report
        var line = "\(report.link) (\(settings.broker.host):\(settings.broker.port), box \(settings.boxID))"
        if let backlog = try? await journal.exportBacklog() {
            line += ", \(backlog.count) waiting to export"
            if let oldest = backlog.oldestAt { line += " since \(ISOTime.utc(milliseconds: oldest))" }
        }
        line += ", \(report.exported) exported"
        if report.refused > 0 { line += ", \(report.refused) REFUSED by the broker" }
        return line
    }
}
