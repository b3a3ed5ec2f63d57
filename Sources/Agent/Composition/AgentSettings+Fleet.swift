import Configuration
import Fleet
import MQTT

extension AgentSettings.Fleet {
    /// The uplink's settings, or nil when it is off: not enabled, or enabled before a broker or a
    /// box id was provisioned (the validator warned). Every credential set is used: a password,
    /// a client certificate, a CA file.
    public func uplinkSettings(version: String, board: String) -> FleetSettings? {
        guard enabled, let broker, let boxID else { return nil }
        // mqtts:// without fleet.ca-file trusts the system store (Debian's ca-certificates).
        let tls = broker.tls ? MQTTSettings.TLS(caFile: caFile ?? "/etc/ssl/certs/ca-certificates.crt", certificateFile: certificateFile,
                                                keyFile: keyFile) : nil
        return FleetSettings(boxID: boxID, host: broker.host, port: broker.port, keepalive: keepalive, tls: tls,
                             username: username, password: password, version: version, board: board)
    }
}
