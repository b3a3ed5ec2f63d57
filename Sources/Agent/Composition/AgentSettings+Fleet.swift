import Configuration
import Fleet
import MQTT
import Settlement

extension AgentSettings {
    /// The uplink's settings, or nil when it is off: not enabled, or enabled before a broker or a
    /// box id was provisioned (the validator warned). Every credential set is used: a password,
    /// a client certificate, a CA file.
    public func uplinkSettings(version: String, board: String) -> FleetSettings? {
        let fleet = self.fleet
        guard fleet.enabled, let broker = fleet.broker, let boxID = fleet.boxID else { return nil }
        let (caFile, certificateFile, keyFile) = (fleet.caFile, fleet.certificateFile, fleet.keyFile)
        // mqtts:// without fleet.ca-file trusts the system store (Debian's ca-certificates).
        let tls = broker.tls ? MQTTSettings.TLS(caFile: caFile ?? "/etc/ssl/certs/ca-certificates.crt", certificateFile: certificateFile,
                                                keyFile: keyFile) : nil
        var settings = FleetSettings(boxID: boxID, host: broker.host, port: broker.port, keepalive: fleet.keepalive, tls: tls,
                                     username: fleet.username, password: fleet.password, version: version, board: board)
        settings.reportDay = ReportDay(minuteOfDay: journal.reportDayStart.minuteOfDay, utcOffsetSeconds: journal.reportDayStart.utcOffsetSeconds)
        return settings
    }
}
