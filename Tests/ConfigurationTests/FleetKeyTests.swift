import Configuration
import Testing

/// `fleet.*`: the broker address as the uplink reads it, and the rules between the keys.
@Suite("Configuration: fleet keys")
struct FleetKeyTests {
    @Test func brokerAddresses() throws {
        #expect(try ValueParser.broker("mqtts://fleet.example.com").get() == BrokerAddress(host: "fleet.example.com", port: 8883, tls: true))
        #expect(try ValueParser.broker("mqtts://fleet.example.com:9883").get() == BrokerAddress(host: "fleet.example.com", port: 9883, tls: true))
        #expect(try ValueParser.broker("mqtt://127.0.0.1").get() == BrokerAddress(host: "127.0.0.1", port: 1883, tls: false))
        #expect(try ValueParser.broker("localhost:1884").get() == BrokerAddress(host: "localhost", port: 1884, tls: false))
        #expect(try ValueParser.broker("mqtts://[::1]:8883").get() == BrokerAddress(host: "::1", port: 8883, tls: true))
        for refused in ["fleet.example.com", "mqtt://fleet.example.com", "10.0.0.5:1883", "mqtts://", "mqtts://host:0", "mqtts://host:x",
                        "https://fleet.example.com", "mqtts://a b"] {
            #expect((try? ValueParser.broker(refused).get()) == nil, "\(refused)")
        }
    }

    func issues(_ values: [String: String]) -> [ConfigurationIssue] {
        Validator().issues(in: LayeredConfiguration(file: ConfigurationLayer(.file, origin: "test.conf", values: values)))
            .filter { $0.key?.hasPrefix("fleet.") == true }
    }

    @Test func halfACredentialIsAnErrorAMissingBrokerAWarning() throws {
        #expect(issues(["fleet.enabled": "true"]).map(\.severity) == [.warning, .warning], "broker and box id still to provision")
        #expect(issues(["fleet.enabled": "true", "fleet.broker": "mqtts://f.example.com", "fleet.box-id": "B1",
                        "fleet.cert": "/etc/c.pem"]).map(\.key) == ["fleet.key"])
        #expect(issues(["fleet.enabled": "true", "fleet.broker": "mqtts://f.example.com", "fleet.box-id": "B1",
                        "fleet.password": "p"]).map(\.key) == ["fleet.username"])
        #expect(issues(["fleet.enabled": "true", "fleet.broker": "mqtt://127.0.0.1:1883", "fleet.box-id": "B1",
                        "fleet.ca-file": "/etc/ca.pem"]).map(\.key) == ["fleet.broker"])
        #expect(issues(["fleet.enabled": "true", "fleet.broker": "mqtts://f.example.com", "acquirer.terminal-id": "T1"]).isEmpty)
        let settings = try AgentSettings.build(LayeredConfiguration(file: ConfigurationLayer(.file, origin: "t", values: [
            "fleet.enabled": "true", "fleet.broker": "mqtts://f.example.com", "acquirer.terminal-id": "T1", "fleet.keepalive": "60s",
        ])))
        #expect(settings.fleet.boxID == "T1", "the box id defaults to the terminal id")
        #expect(settings.fleet.broker == BrokerAddress(host: "f.example.com", port: 8883, tls: true))
        #expect(settings.fleet.keepalive == .seconds(60))
    }
}
