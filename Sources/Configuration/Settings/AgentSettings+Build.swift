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
            currency = try Currency(code: read.text(.amountCurrency) ?? "SGD")
        } catch {
            throw ConfigurationIssues([ConfigurationIssue(key: KeyName.amountCurrency.rawValue, location: "configuration", "\(error)")])
        }
        let source = Amount.Source(rawValue: read.text(.amountSource) ?? "console") ?? .console
        let usb = read.text(.scannerUsb).flatMap(ValueParser.usbID)
        let boardName = read.text(.boardName)
        var fleet = Fleet()
        fleet.enabled = read.text(.fleetEnabled) == "true"
        fleet.broker = read.text(.fleetBroker).flatMap { try? ValueParser.broker($0).get() }
        fleet.caFile = read.text(.fleetCaFile)
        fleet.certificateFile = read.text(.fleetCert)
        fleet.keyFile = read.text(.fleetKey)
        fleet.username = read.text(.fleetUsername)
        fleet.password = read.text(.fleetPassword)
        fleet.boxID = read.text(.fleetBoxId) ?? read.text(.acquirerTerminalId)
        fleet.keepalive = read.duration(.fleetKeepalive)
        var settings = AgentSettings(
            scanner: Scanner(
                location: usb.map { .usb(vendorID: $0.vendor, productID: $0.product) } ?? .path(read.text(.scannerPort) ?? ""),
                profile: read.text(.scannerProfile) ?? "generic",
                baudRate: read.int(.scannerBaud),
                backend: read.text(.scannerBackend) ?? "automatic",
                duplicateWindow: read.duration(.scannerDuplicateWindow)
            ),
            acquirer: Acquirer(
                baseURL: read.text(.acquirerBaseUrl) ?? "", clientID: read.text(.acquirerClientId),
                keyVersion: read.text(.acquirerKeyVersion) ?? "1",
                privateKeyPath: read.text(.acquirerPrivateKey) ?? "", publicKeyPath: read.text(.acquirerPublicKey) ?? "",
                caFile: read.text(.acquirerCaFile), pinnedPublicKey: read.text(.acquirerPin),
                connectTimeout: read.duration(.acquirerConnectTimeout), payTimeout: read.duration(.acquirerPayTimeout),
                callTimeout: read.duration(.acquirerCallTimeout),
                merchantID: read.text(.acquirerMerchantId), merchantName: read.text(.acquirerMerchantName),
                merchantMCC: read.text(.acquirerMerchantMcc), storeID: read.text(.acquirerStoreId),
                storeName: read.text(.acquirerStoreName),
                storeMCC: read.text(.acquirerStoreMcc) ?? read.text(.acquirerMerchantMcc),
                terminalID: read.text(.acquirerTerminalId),
                settlementCurrency: read.text(.acquirerSettlementCurrency).flatMap { try? Currency(code: $0) }
            ),
            journal: Journal(
                path: read.text(.journalPath) ?? "", maxBytes: read.text(.journalMaxSize).flatMap(ValueParser.bytes) ?? 0,
                retention: read.duration(.journalRetention),
                reportDayStart: read.text(.journalReportDayStart).flatMap(ValueParser.clockTime) ?? ClockTime(minuteOfDay: 0, utcOffsetSeconds: 8 * 3600)
            ),
            settlement: Settlement(
                inquiryInterval: read.duration(.settlementInquiryInterval), maxInquiries: read.int(.settlementMaxInquiries) ?? 20,
                codeValidity: read.duration(.settlementCodeValidity), cancelDeadline: read.text(.settlementCancelDeadline).flatMap(ValueParser.clockTime) ?? ClockTime(minuteOfDay: 15, utcOffsetSeconds: 8 * 3600),
                cancelSupported: read.text(.settlementCancelSupported) != "false"
            ),
            board: Board(name: boardName == "auto" ? nil : boardName, directory: read.text(.boardDirectory) ?? ""),
            patterns: Dictionary(ConfigKey.indicatorEvents.compactMap { event in
                read.configuration.value("indicators.pattern.\(event)").map { (event, $0) }
            }, uniquingKeysWith: { a, _ in a }),
            console: Console(
                port: read.text(.consolePort) ?? "", baudRate: read.int(.consoleBaud) ?? 115_200,
                idleLogout: read.duration(.consoleIdleLogout),
                pinHash: read.text(.consolePinHash).flatMap(PinHashFormat.parse),
                supervisorPinHash: read.text(.consoleSupervisorPinHash).flatMap(PinHashFormat.parse)
            ),
            amount: Amount(
                source: source, currency: currency,
                fixed: read.text(.amountFixed).flatMap { try? Money(parsing: $0, currency: currency) },
                ecrListenAddress: read.text(.amountEcrListen) ?? "127.0.0.1", ecrPort: read.int(.amountEcrPort) ?? 7878,
                ecrToken: read.text(.amountEcrToken),
                ecrSerialPort: read.text(.amountEcrSerialPort), ecrBaudRate: read.int(.amountEcrBaud) ?? 9600,
                displayTapPort: read.text(.amountDisplayTapPort), displayTapBaudRate: read.int(.amountDisplayTapBaud) ?? 9600,
                displayTapFormat: read.text(.amountDisplayTapFormat) ?? "decimal",
                armTimeout: read.text(.amountArmTimeout).flatMap(ValueParser.duration) ?? .seconds(180),
                ecrRefunds: read.text(.amountEcrRefunds) == "true"
            ),
            voice: Voice(
                enabled: read.text(.voiceEnabled) == "true",
                locales: [read.text(.voiceLocale) ?? "en"] + [read.text(.voiceSecondLocale)].compactMap { $0 == "none" ? nil : $0 },
                volume: read.int(.voiceVolume) ?? 80, device: read.text(.voiceDevice),
                quietHours: read.text(.voiceQuietHours).flatMap(ValueParser.dailyWindow),
                quietVolume: read.int(.voiceQuietVolume) ?? 0,
                announceStartup: read.text(.voiceAnnounceStartup) == "true", announceFaults: read.text(.voiceAnnounceFaults) != "false",
                packs: read.text(.voicePacks) ?? "/usr/share/scanbridge/voice"
            ),
            log: Log(level: read.text(.logLevel) ?? "info", file: read.text(.logFile) ?? ""),
            metricsDirectory: read.text(.metricsDirectory) ?? ""
        )
        settings.fleet = fleet
        return settings
    }

    /// Reads already-validated values; a key without a value reads as nil (or zero for durations
    /// whose keys all have defaults).
    private struct Reader {
        let configuration: LayeredConfiguration

        func text(_ key: KeyName) -> String? { configuration.value(key) }
        func int(_ key: KeyName) -> Int? { text(key).flatMap { Int($0) } }
        func duration(_ key: KeyName) -> Duration { text(key).flatMap(ValueParser.duration) ?? .zero }
    }
}
