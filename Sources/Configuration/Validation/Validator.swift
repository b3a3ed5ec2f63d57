/// Checks a layered configuration: every key known, every value of its type, and the rules
/// between keys. Checks that need other modules (pattern specs, which the Indicators module
/// parses) are handed in as `refinements`, keyed by key name.
public struct Validator: Sendable {
    public typealias Refinement = @Sendable (_ key: String, _ value: String) -> String?
    public var refinement: Refinement?

    public init(refinement: Refinement? = nil) {
        self.refinement = refinement
    }

    public func issues(in configuration: LayeredConfiguration) -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        for layer in configuration.layers {
            issues += check(layer)
        }
        issues += crossChecks(configuration)
        return issues.sorted { ($0.severity == .error ? 0 : 1, $0.location) < ($1.severity == .error ? 0 : 1, $1.location) }
    }

    /// Keys and values of one layer on their own (a provisioning file checked offline).
    public func check(_ layer: ConfigurationLayer) -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        for name in layer.entries.keys.sorted() {
            guard let value = layer[name] else { continue }
            let location = layer.location(of: name)
            guard let key = ConfigKey.named(name) else {
                let hint = ConfigKey.suggestion(for: name).map { "; did you mean \($0)?" } ?? "; `help keys` lists them"
                issues.append(ConfigurationIssue(key: name, location: location, "is not a configuration key\(hint)"))
                continue
            }
            if let problem = problem(key, value) {
                issues.append(ConfigurationIssue(key: name, location: location, "\(quoted(key, value)) \(problem)"))
            }
        }
        return issues
    }

    /// The message for one value, or nil when it is fine (the console checks `set` with this).
    public func problem(_ key: ConfigKey, _ value: String) -> String? {
        if let problem = key.type.problem(with: value) {
            // Choice messages list the values already; the rest say what is allowed here.
            let listsAllowed = problem.contains("use one of") || problem.contains("allowed")
            return listsAllowed ? problem : "\(problem) (allowed: \(key.type.allowed))"
        }
        return refinement?(key.name, value)
    }

    private func quoted(_ key: ConfigKey, _ value: String) -> String {
        key.isSecret ? "the value" : "\"\(value)\""
    }

    /// Rules between keys. Missing acquirer identity is a warning: a box is often provisioned
    /// in stages, and the scanner and console work without it.
    private func crossChecks(_ configuration: LayeredConfiguration) -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        func location(_ key: String) -> String { configuration.resolved(key)?.layer.location(of: key) ?? "configuration" }
        let source = configuration.value(.amountSource)
        if source == "fixed" {
            if let amount = configuration.value(.amountFixed) {
                if let currency = configuration.value(.amountCurrency), ValueType.currency.problem(with: currency) == nil,
                   let problem = AmountCheck.problem(amount: amount, currency: currency) {
                    issues.append(ConfigurationIssue(key: KeyName.amountFixed.rawValue, location: location(KeyName.amountFixed.rawValue), problem))
                }
            } else {
                issues.append(ConfigurationIssue(key: KeyName.amountFixed.rawValue, location: location(KeyName.amountSource.rawValue),
                                                 "is required when amount.source is fixed (e.g. amount.fixed = 12.50)"))
            }
        }
        if source == "display-tap", configuration.value(.amountDisplayTapPort) == nil {
            issues.append(ConfigurationIssue(key: KeyName.amountDisplayTapPort.rawValue, location: location(KeyName.amountSource.rawValue),
                                             "is required when amount.source is display-tap (e.g. amount.display-tap.port = /dev/ttyUSB1)"))
        }
        if source == "ecr", configuration.value(.amountEcrSerialPort) == nil, configuration.value(.amountEcrToken) == nil,
           let listen = configuration.value(.amountEcrListen), !(listen == "localhost" || listen == "::1" || listen.hasPrefix("127.")) {
            issues.append(ConfigurationIssue(key: KeyName.amountEcrToken.rawValue, location: location(KeyName.amountEcrListen.rawValue),
                                             "is required to listen beyond loopback (\(listen)): any device on the shop's network could set the next customer's amount"))
        }
        if let second = configuration.value(.voiceSecondLocale), second == configuration.value(.voiceLocale) {
            issues.append(ConfigurationIssue(key: KeyName.voiceSecondLocale.rawValue, location: location(KeyName.voiceSecondLocale.rawValue),
                                             "is voice.locale again (\(second)); every phrase would be said twice: set another language or none"))
        }
        for required in [KeyName.acquirerClientId.rawValue, KeyName.acquirerMerchantId.rawValue, KeyName.acquirerMerchantName.rawValue, KeyName.acquirerMerchantMcc.rawValue,
                         KeyName.acquirerStoreId.rawValue, KeyName.acquirerStoreName.rawValue, KeyName.acquirerTerminalId.rawValue] where configuration.value(required) == nil {
            issues.append(ConfigurationIssue(key: required, location: "configuration", "is not set: payments cannot start until it is",
                                             severity: .warning))
        }
        if configuration.value(.acquirerSettlementCurrency) == nil {
            // Antom's UPM pay wants settlementStrategy.settlementCurrency when the merchant has
            // several settlement contracts; without it the acquirer picks, or refuses the pay.
            issues.append(ConfigurationIssue(key: KeyName.acquirerSettlementCurrency.rawValue, location: "configuration",
                                             "is not set: pay goes without settlementStrategy.settlementCurrency (set it when the contract settles in more than one currency)",
                                             severity: .warning))
        }
        issues += fleetChecks(configuration, location: location)
        if configuration.value(.consolePinHash) == nil {
            issues.append(ConfigurationIssue(key: KeyName.consolePinHash.rawValue, location: "configuration",
                                             "is not set: the console will ask for a new PIN before the first change", severity: .warning))
        }
        return issues
    }

    /// A certificate needs its key and a password its user name; an uplink needs a broker and a
    /// name. Missing broker or name is a warning (the uplink stays off until provisioned), a
    /// half-given credential an error: a configured secret is used or the agent does not start.
    private func fleetChecks(_ configuration: LayeredConfiguration, location: (String) -> String) -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        guard configuration.value(.fleetEnabled) == "true" else { return issues }
        let cert = KeyName.fleetCert.rawValue, key = KeyName.fleetKey.rawValue
        if (configuration.value(.fleetCert) == nil) != (configuration.value(.fleetKey) == nil) {
            let given = configuration.value(.fleetCert) == nil ? key : cert
            issues.append(ConfigurationIssue(key: given == cert ? key : cert, location: location(given),
                                             "is required with \(given): a client certificate and its key go together"))
        }
        if configuration.value(.fleetPassword) != nil, configuration.value(.fleetUsername) == nil {
            issues.append(ConfigurationIssue(key: KeyName.fleetUsername.rawValue, location: location(KeyName.fleetPassword.rawValue),
                                             "is required with fleet.password"))
        }
        if configuration.value(.fleetBroker) == nil {
            issues.append(ConfigurationIssue(key: KeyName.fleetBroker.rawValue, location: location(KeyName.fleetEnabled.rawValue),
                                             "is not set: the fleet uplink stays off until it is", severity: .warning))
        }
        if configuration.value(.fleetBoxId) == nil, configuration.value(.acquirerTerminalId) == nil {
            issues.append(ConfigurationIssue(key: KeyName.fleetBoxId.rawValue, location: location(KeyName.fleetEnabled.rawValue),
                                             "is not set, nor acquirer.terminal-id: the fleet uplink stays off until one is", severity: .warning))
        }
        if let broker = configuration.value(.fleetBroker), case .success(let address) = ValueParser.broker(broker), !address.tls,
           configuration.value(.fleetCert) != nil || configuration.value(.fleetCaFile) != nil {
            issues.append(ConfigurationIssue(key: KeyName.fleetBroker.rawValue, location: location(KeyName.fleetBroker.rawValue),
                                             "is plain MQTT, but fleet.ca-file or fleet.cert is set: use mqtts:// so they are used"))
        }
        return issues
    }
}
