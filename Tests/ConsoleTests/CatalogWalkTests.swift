import Configuration
import Console
import Testing

/// A key that exists does something: for every key in the catalog, a configuration that differs
/// from the defaults only in that key (set to the example docs/CONFIGURATION.md gives) must build
/// different `AgentSettings`, the typed value every module is built from. A key nobody reads
/// fails here by name.
@Suite("Configuration: every key reaches the settings")
struct CatalogWalkTests {
    /// Values for keys whose documented example is hidden (secrets) or is the default itself.
    static let overrides: [String: String] = [
        "console.pin-hash": "pbkdf2-sha256$10000$" + String(repeating: "a1", count: 16) + "$" + String(repeating: "ab", count: 32),
        "console.supervisor-pin-hash": "pbkdf2-sha256$10000$" + String(repeating: "b2", count: 16) + "$" + String(repeating: "cd", count: 32),
        "amount.ecr.token": "till-7-secret-token",
        "fleet.password": "broker-secret-0042",
        "acquirer.base-url": "https://open-na.alipay.com",
        "acquirer.private-key": "/etc/scanbridge/other-client.pem",
        "acquirer.public-key": "/etc/scanbridge/other-antom.pem",
        "acquirer.connect-timeout": "2s",
        "acquirer.pay-timeout": "8s",
        "acquirer.call-timeout": "7s",
        "journal.path": "/data/scanbridge/journal.db",
        "journal.max-size": "64MiB",
        "journal.retention": "30d",
        "settlement.inquiry-interval": "5s",
        "settlement.max-inquiries": "10",
        "settlement.code-validity": "45s",
        "settlement.cancel-deadline": "23:45+07:00",
        "board.directory": "/etc/scanbridge/boards",
        "console.port": "/dev/ttyAMA0",
        "console.baud": "9600",
        "amount.source": "ecr",
        "amount.currency": "MYR",
        "amount.arm-timeout": "90s",
        "amount.ecr.port": "7979",
        "amount.ecr.baud": "19200",
        "amount.display-tap.baud": "4800",
        "amount.display-tap.format": "minor-units",
        "log.file": "/tmp/scanbridge-agent.log",
    ]

    @Test func everyKeyChangesTheBuiltSettings() throws {
        let rows = try ConfigurationDocTests.rows()
        let base = try AgentSettings.build(LayeredConfiguration(file: ConfigurationLayer(.file, origin: "base", values: [:])))
        var walked = 0
        for key in ConfigKey.catalog {
            let example = rows[key.name].map { String($0[4].dropFirst().dropLast()) }
            guard var value = Self.overrides[key.name] ?? example, !value.isEmpty else {
                Issue.record("\(key.name): no value to try (give it an example in docs/CONFIGURATION.md)")
                continue
            }
            if value == key.defaultValue, let other = Self.alternative(to: value) { value = other }
            guard value != key.defaultValue else {
                Issue.record("\(key.name): its example is its default; give another value in overrides")
                continue
            }
            let layer = ConfigurationLayer(.file, origin: "walk", values: [key.name: value])
            let built: AgentSettings
            do {
                built = try AgentSettings.build(LayeredConfiguration(file: layer))
            } catch {
                Issue.record("\(key.name) = \(key.display(value)) does not build: \(error)")
                continue
            }
            if built == base { Issue.record("\(key.name) = \(key.display(value)) changes nothing the agent is built from") }
            walked += 1
        }
        #expect(walked == ConfigKey.catalog.count)
    }

    static func alternative(to value: String) -> String? {
        switch value {
        case "true": "false"
        case "false": "true"
        default: nil
        }
    }
}
