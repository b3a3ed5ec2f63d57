import Glibc
import ArgumentParser
import Configuration
import MQTT

/// How the tool reaches the broker: the same address forms and TLS files as `fleet.*` on a box,
/// and the office's credentials (the ACL in packaging/mosquitto/ gives user `office` the fleet).
struct BrokerOptions: ParsableArguments {
    @Option(help: "mqtts://host[:port], or mqtt://host[:port] to loopback.")
    var broker: String

    @Option(help: "CA bundle that signs the broker's certificate.")
    var caFile: String?

    @Option(help: "Client certificate (PEM).")
    var cert: String?

    @Option(help: "Client key (PEM).")
    var key: String?

    @Option(help: "User name at the broker.")
    var username: String?

    @Option(help: "Password at the broker (or SCANBRIDGE_FLEET_PASSWORD).")
    var password: String?

    @Option(help: "MQTT client id (fixed for `payments`, whose broker session keeps what arrives while the tool is away).")
    var clientID: String?

    func settings(clientID defaultID: String, sessionExpiry: Duration? = nil) throws -> MQTTSettings {
        let address: BrokerAddress
        switch ValueParser.broker(broker) {
        case .success(let parsed): address = parsed
        case .failure(let problem): throw ValidationError("--broker \(broker) \(problem)")
        }
        let tls = address.tls ? MQTTSettings.TLS(caFile: caFile ?? "/etc/ssl/certs/ca-certificates.crt", certificateFile: cert, keyFile: key) : nil
        var settings = MQTTSettings(host: address.host, port: address.port, clientID: clientID ?? defaultID, keepalive: .seconds(30), tls: tls,
                                    username: username, password: password ?? Environment.value("SCANBRIDGE_FLEET_PASSWORD"))
        settings.sessionExpiry = sessionExpiry
        return settings
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}
