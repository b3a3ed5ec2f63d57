import PaymentModel
import Money

extension AgentSettings {
    /// Validates `configuration` and types it. Warnings do not stop it; errors throw, all of them.
    public static func build(_ configuration: LayeredConfiguration, validator: Validator = Validator()) throws(ConfigurationIssues) -> AgentSettings {
        let issues = validator.issues(in: configuration)
        guard issues.allSatisfy({ $0.severity == .warning }) else { throw ConfigurationIssues(issues) }
        let read = Reader(configuration: configuration)
        let currency: Currency
        do {
            currency = try Currency(code: read.text("amount.currency") ?? "SGD")
        } catch {
            throw ConfigurationIssues([ConfigurationIssue(key: "amount.currency", location: "configuration", "\(error)")])
        }
        let source = Amount.Source(rawValue: read.text("amount.source") ?? "console") ?? .console
        let usb = read.text("scanner.usb").flatMap(ValueParser.usbID)
        let boardName = read.text("board.name")
        return AgentSettings(
            scanner: Scanner(
                location: usb.map { .usb(vendorID: $0.vendor, productID: $0.product) } ?? .path(read.text("scanner.port") ?? ""),
                profile: read.text("scanner.profile") ?? "generic",
                baudRate: read.int("scanner.baud"),
                backend: read.text("scanner.backend") ?? "automatic",
                duplicateWindow: read.duration("scanner.duplicate-window")
            ),
            acquirer: Acquirer(
                baseURL: read.text("acquirer.base-url") ?? "", clientID: read.text("acquirer.client-id"),
                keyVersion: read.text("acquirer.key-version") ?? "1",
                privateKeyPath: read.text("acquirer.private-key") ?? "", publicKeyPath: read.text("acquirer.public-key") ?? "",
                caFile: read.text("acquirer.ca-file"), pinnedPublicKey: read.text("acquirer.pin"),
                connectTimeout: read.duration("acquirer.connect-timeout"), payTimeout: read.duration("acquirer.pay-timeout"),
                callTimeout: read.duration("acquirer.call-timeout"),
                merchantID: read.text("acquirer.merchant-id"), merchantName: read.text("acquirer.merchant-name"),
                merchantMCC: read.text("acquirer.merchant-mcc"), storeID: read.text("acquirer.store-id"),
                storeName: read.text("acquirer.store-name"),
                storeMCC: read.text("acquirer.store-mcc") ?? read.text("acquirer.merchant-mcc"),
                terminalID: read.text("acquirer.terminal-id"),
                settlementCurrency: read.text("acquirer.settlement-currency").flatMap { try? Currency(code: $0) }
            ),
            journal: Journal(
                path: read.text("journal.path") ?? "", maxBytes: read.text("journal.max-size").flatMap(ValueParser.bytes) ?? 0,
                retention: read.duration("journal.retention"),
                reportDayStart: read.text("journal.report-day-start").flatMap(ValueParser.clockTime) ?? ClockTime(minuteOfDay: 0, utcOffsetSeconds: 8 * 3600)
            ),
            settlement: Settlement(
                inquiryInterval: read.duration("settlement.inquiry-interval"), maxInquiries: read.int("settlement.max-inquiries") ?? 20,
                codeValidity: read.duration("settlement.code-validity"), cancelDeadline: read.text("settlement.cancel-deadline").flatMap(ValueParser.clockTime) ?? ClockTime(minuteOfDay: 15, utcOffsetSeconds: 8 * 3600),
                cancelSupported: read.text("settlement.cancel-supported") != "false"
            ),
            board: Board(name: boardName == "auto" ? nil : boardName, directory: read.text("board.directory") ?? ""),
            patterns: Dictionary(ConfigKey.indicatorEvents.compactMap { event in
                read.text("indicators.pattern.\(event)").map { (event, $0) }
            }, uniquingKeysWith: { a, _ in a }),
            console: Console(
                port: read.text("console.port") ?? "", baudRate: read.int("console.baud") ?? 115_200,
                idleLogout: read.duration("console.idle-logout"),
                pinHash: read.text("console.pin-hash").flatMap(PinHashFormat.parse),
                supervisorPinHash: read.text("console.supervisor-pin-hash").flatMap(PinHashFormat.parse)
            ),
            amount: Amount(
                source: source, currency: currency,
                fixed: read.text("amount.fixed").flatMap { try? Money(parsing: $0, currency: currency) },
                ecrListenAddress: read.text("amount.ecr.listen") ?? "127.0.0.1", ecrPort: read.int("amount.ecr.port") ?? 7878,
                ecrToken: read.text("amount.ecr.token"),
                ecrSerialPort: read.text("amount.ecr.serial-port"), ecrBaudRate: read.int("amount.ecr.baud") ?? 9600,
                displayTapPort: read.text("amount.display-tap.port"), displayTapBaudRate: read.int("amount.display-tap.baud") ?? 9600,
                displayTapFormat: read.text("amount.display-tap.format") ?? "decimal",
                armTimeout: read.text("amount.arm-timeout").flatMap(ValueParser.duration) ?? .seconds(180),
                ecrRefunds: read.text("amount.ecr.refunds") == "true"
            ),
            log: Log(level: read.text("log.level") ?? "info", file: read.text("log.file") ?? ""),
            metricsDirectory: read.text("metrics.directory") ?? ""
        )
    }

    /// Reads already-validated values; a key without a value reads as nil (or zero for durations
    /// whose keys all have defaults).
    private struct Reader {
        let configuration: LayeredConfiguration

        func text(_ key: String) -> String? { configuration.value(key) }
        func int(_ key: String) -> Int? { text(key).flatMap { Int($0) } }
        func duration(_ key: String) -> Duration { text(key).flatMap(ValueParser.duration) ?? .zero }
    }
}
