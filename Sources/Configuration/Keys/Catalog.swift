extension ConfigKey {
    /// Indicator events whose pattern configuration may override, as the Indicators module names
    /// them (`IndicatorEvent.rawValue`; a console test keeps the two lists equal).
    public static let indicatorEvents = [
        "idle", "armed", "processing", "waiting-password", "success", "declined", "not-payment-code",
        "offline-queued", "expired", "device-fault", "identify",
    ]

    public static let amountSources = ["fixed", "ecr", "display-tap", "console"]

    /// Every key the agent reads, in documentation order.
    public static let catalog: [ConfigKey] = scannerKeys + acquirerKeys + journalKeys + settlementKeys + boardKeys
        + indicatorKeys + consoleKeys + amountKeys + voiceKeys + logKeys + metricsKeys + fleetKeys

    static let scannerKeys: [ConfigKey] = [
        ConfigKey(.scannerPort, .scanner, .absolutePath, default: "/dev/scanbridge/scanner",
                  "Scanner device path or udev symlink (the board profile sets its UART)."),
        ConfigKey(.scannerUsb, .scanner, .usbID, "Find the scanner by USB id instead of scanner.port (VID:PID, hex)."),
        ConfigKey(.scannerProfile, .scanner, .oneOf(["generic", "honeywell", "newland", "zebra"]), default: "generic",
                  "Scanner model: line settings, frame endings, trigger commands."),
        ConfigKey(.scannerBaud, .scanner, .baudRate, "Baud rate, overriding the profile's."),
        ConfigKey(.scannerBackend, .scanner, .oneOf(["automatic", "libserialport", "termios"]), default: "automatic",
                  "Serial backend: libserialport for UARTs and USB serial, termios for ptys and gadget ttys."),
        ConfigKey(.scannerDuplicateWindow, .scanner, .duration(.zero ... .seconds(60)), default: "3s",
                  "A payment code read again within this time is ignored."),
    ]

    static let acquirerKeys: [ConfigKey] = [
        ConfigKey(.acquirerBaseUrl, .acquirer, .baseURL, default: "https://open-sea-global.alipay.com",
                  "Antom gateway: scheme, host and port, no path."),
        ConfigKey(.acquirerClientId, .acquirer, .identifier(), "Client id from Antom Dashboard."),
        ConfigKey(.acquirerKeyVersion, .acquirer, .identifier(maxLength: 8), default: "1", "Version of the registered signing key."),
        ConfigKey(.acquirerPrivateKey, .acquirer, .absolutePath, default: "/var/lib/scanbridge/keys/client.pem",
                  "The box's RSA private key (PEM, mode 0600). Its contents are never shown."),
        ConfigKey(.acquirerPublicKey, .acquirer, .absolutePath, default: "/etc/scanbridge/antom-public.pem",
                  "Antom's public key, for checking response signatures."),
        ConfigKey(.acquirerCaFile, .acquirer, .absolutePath, "PEM bundle to trust instead of the system store."),
        ConfigKey(.acquirerPin, .acquirer, .publicKeyPin, "Pinned public key of the gateway's TLS certificate."),
        ConfigKey(.acquirerConnectTimeout, .acquirer, .duration(.milliseconds(500) ... .seconds(30)), default: "3s",
                  "Time allowed to open the TLS connection."),
        ConfigKey(.acquirerPayTimeout, .acquirer, .duration(.seconds(1) ... .seconds(60)), default: "5s",
                  "Wait this long for pay before inquiring."),
        ConfigKey(.acquirerCallTimeout, .acquirer, .duration(.seconds(1) ... .seconds(60)), default: "5s",
                  "Timeout of inquiry, cancel and refund."),
        ConfigKey(.acquirerMerchantId, .acquirer, .identifier(), "referenceMerchantId registered with Antom."),
        ConfigKey(.acquirerMerchantName, .acquirer, .text(), "Merchant name sent with each payment."),
        ConfigKey(.acquirerMerchantMcc, .acquirer, .mcc, "Merchant category code."),
        ConfigKey(.acquirerStoreId, .acquirer, .identifier(), "referenceStoreId."),
        ConfigKey(.acquirerStoreName, .acquirer, .text(), "Store name sent with each payment."),
        ConfigKey(.acquirerStoreMcc, .acquirer, .mcc, "Store category code (defaults to the merchant's)."),
        ConfigKey(.acquirerTerminalId, .acquirer, .identifier(maxLength: 24),
                  "storeTerminalId; also starts every paymentRequestId."),
        ConfigKey(.acquirerSettlementCurrency, .acquirer, .currency, "Settlement currency, when the contract has several."),
    ]

    static let journalKeys: [ConfigKey] = [
        ConfigKey(.journalPath, .journal, .absolutePath, default: "/var/lib/scanbridge/journal.db",
                  "The payment journal (SQLite, mode 0600)."),
        ConfigKey(.journalMaxSize, .journal, .byteSize(1 << 20 ... 1 << 34), default: "256MiB",
                  "Past this size new payments are refused."),
        ConfigKey(.journalRetention, .journal, .duration(.seconds(86_400) ... .seconds(3650 * 86_400)), default: "90d",
                  "Final payments older than this are pruned."),
        ConfigKey(.journalReportDayStart, .journal, .clockTime, default: "00:00+08:00",
                  "Where the business day of `report` begins, at its UTC offset (04:00+08:00 for a shop open past midnight)."),
    ]

    static let settlementKeys: [ConfigKey] = [
        ConfigKey(.settlementInquiryInterval, .settlement, .duration(.seconds(1) ... .seconds(60)), default: "3s",
                  "Ask inquiryPayment this often while a payment is unknown."),
        ConfigKey(.settlementMaxInquiries, .settlement, .integer(1...200), default: "20", "Inquiries before cancelling."),
        ConfigKey(.settlementCodeValidity, .settlement, .duration(.seconds(10) ... .seconds(300)), default: "60s",
                  "A scanned code not sent within this time is never sent."),
        ConfigKey(.settlementCancelSupported, .settlement, .boolean, default: "true",
                  "False when the contract's payment methods cannot be cancelled: a payment still unknown after the inquiries goes to a person instead."),
        ConfigKey(.settlementCancelDeadline, .settlement, .clockTime, default: "00:15+08:00",
                  "The acquirer takes cancels until this time on the day after the payment (Antom: 00:15 UTC+8); a payment still unknown then needs a person."),
    ]

    static let boardKeys: [ConfigKey] = [
        ConfigKey(.boardName, .board, .identifier(), default: "auto",
                  "Board profile id (boards/<id>.json), or auto to detect it from the device tree."),
        ConfigKey(.boardDirectory, .board, .absolutePath, default: "/usr/share/scanbridge/boards", "Where the board profiles are."),
    ]

    static let indicatorKeys: [ConfigKey] = indicatorEvents.map { event in
        ConfigKey("indicators.pattern.\(event)", .indicators, .patternSpec, "Pattern for \(event), overriding board and built-in.")
    }

    static let consoleKeys: [ConfigKey] = [
        ConfigKey(.consolePort, .console, .absolutePath, default: "/dev/ttyGS0", "The technician console's tty (the board profile sets it)."),
        ConfigKey(.consoleBaud, .console, .baudRate, default: "115200", "Console baud rate."),
        ConfigKey(.consoleIdleLogout, .console, .duration(.seconds(30) ... .seconds(3600)), default: "5m", live: true,
                  "Log the technician out after this long without a key."),
        ConfigKey(.consolePinHash, .console, .pinHash, secret: true, live: true,
                  "Hash of the console PIN (set with `passwd`, or `scanbridge config pin-hash`)."),
        ConfigKey(.consoleSupervisorPinHash, .console, .pinHash, secret: true, live: true,
                  "Hash of the supervisor PIN for pay cancel / pay refund."),
    ]

    static let amountKeys: [ConfigKey] = [
        ConfigKey(.amountSource, .amount, .oneOf(amountSources), default: "console", live: true,
                  "Where the amount comes from: fixed, ecr (POS link), display-tap or console."),
        ConfigKey(.amountFixed, .amount, .decimalAmount, live: true, "The amount for source fixed, e.g. 12.50."),
        ConfigKey(.amountCurrency, .amount, .currency, default: "SGD", live: true, "Currency of the amounts this box collects."),
        ConfigKey(.amountArmTimeout, .amount, .duration(.seconds(10) ... .seconds(3600)), default: "180s", live: true,
                  "How long an amount (a POS order, a console charge, a tapped total) waits for a code before it is dropped."),
        ConfigKey(.amountEcrListen, .amount, .listenAddress, default: "127.0.0.1",
                  "Address the ECR link listens on; beyond loopback it needs amount.ecr.token."),
        ConfigKey(.amountEcrPort, .amount, .integer(1...65535), default: "7878", "TCP port of the ECR link."),
        ConfigKey(.amountEcrToken, .amount, .text(maxLength: 256), secret: true,
                  "Shared secret the POS presents (AUTH token=…) before any other command on the ECR link."),
        ConfigKey(.amountEcrRefunds, .amount, .boolean, default: "false", live: true,
                  "Whether the POS may refund the orders it was paid for (REFUND on the ECR link)."),
        ConfigKey(.amountEcrSerialPort, .amount, .absolutePath,
                  "Serial port of the ECR link; when set, the POS talks over this port instead of TCP."),
        ConfigKey(.amountEcrBaud, .amount, .integer(1200...921_600), default: "9600", "Baud rate of the serial ECR link."),
        ConfigKey(.amountDisplayTapPort, .amount, .absolutePath,
                  "Serial port wired in parallel with the POS customer display (required for source display-tap)."),
        ConfigKey(.amountDisplayTapBaud, .amount, .integer(1200...921_600), default: "9600", "Baud rate of the customer display line."),
        ConfigKey(.amountDisplayTapFormat, .amount, .oneOf(["decimal", "minor-units"]), default: "decimal",
                  "How the display shows amounts: decimal (12.50) or minor-units (1250 = 12.50)."),
    ]

    /// The languages a voice pack exists for (the Voice module's locales, which Configuration does
    /// not import; `VoiceSettingsTests` keeps the two lists equal).
    public static let voiceLocales = ["cmn", "en", "ms", "th", "id", "ja"]

    static let voiceKeys: [ConfigKey] = [
        ConfigKey(.voiceEnabled, .voice, .boolean, default: "false",
                  "Say each result through the board's speaker (ALSA): paid with amount and wallet, declined, confirm on phone …"),
        ConfigKey(.voiceLocale, .voice, .oneOf(voiceLocales), default: "en",
                  "Language of the phrases: cmn (Mandarin), en, ms (Malay), th, id (Indonesian) or ja."),
        ConfigKey(.voiceSecondLocale, .voice, .oneOf(["none"] + voiceLocales), default: "none",
                  "A second language for bilingual shops: every phrase is said in both, one after the other."),
        ConfigKey(.voiceVolume, .voice, .integer(0...100), default: "80", "Volume, in percent of the clips' level."),
        ConfigKey(.voiceDevice, .voice, .text(maxLength: 256),
                  "ALSA PCM to play on (default, hw:0,0, plughw:1 …); unset: the board profile's audio device, else default."),
        ConfigKey(.voiceQuietHours, .voice, .quietHours, default: "none",
                  "Daily window of lower volume, HH:MM-HH:MM at a UTC offset (22:00-07:00+08:00), or none."),
        ConfigKey(.voiceQuietVolume, .voice, .integer(0...100), default: "0",
                  "Volume in percent inside voice.quiet-hours; 0 keeps the box silent then (the lights still show)."),
        ConfigKey(.voiceAnnounceStartup, .voice, .boolean, default: "false", "Say \"ready\" when the agent has started."),
        ConfigKey(.voiceAnnounceFaults, .voice, .boolean, default: "true",
                  "Say that the box needs a technician (journal fault, configuration refused, payment to reconcile, scanner gone)."),
        ConfigKey(.voicePacks, .voice, .absolutePath, default: "/usr/share/scanbridge/voice",
                  "Folder of the clip packs, one sub-folder per locale (docs/VOICE.md)."),
    ]

    static let logKeys: [ConfigKey] = [
        ConfigKey(.logLevel, .log, .oneOf(["trace", "debug", "info", "notice", "warning", "error", "critical"]), default: "info",
                  live: true, "Lowest level written to the log."),
        ConfigKey(.logFile, .log, .absolutePath, default: "/var/log/scanbridge/agent.log", "Agent log file (`log tail` reads it)."),
    ]

    static let metricsKeys: [ConfigKey] = [
        ConfigKey(.metricsDirectory, .metrics, .absolutePath, default: "/var/lib/scanbridge/metrics",
                  "Where counters are written for the node exporter's textfile collector."),
    ]

    static let fleetKeys: [ConfigKey] = [
        ConfigKey(.fleetEnabled, .fleet, .boolean, default: "false",
                  "Report to the head office over MQTT: journal export, retained status, remote settings (docs/FLEET.md)."),
        ConfigKey(.fleetBroker, .fleet, .brokerAddress,
                  "The broker: mqtts://host[:port] (TLS, port 8883 by default); plain mqtt://host[:port] or host:port only to loopback."),
        ConfigKey(.fleetCaFile, .fleet, .absolutePath, "PEM bundle of the CAs that sign the broker's certificate (default: the system store)."),
        ConfigKey(.fleetCert, .fleet, .absolutePath, "The box's client certificate (PEM), when the broker authenticates boxes by certificate."),
        ConfigKey(.fleetKey, .fleet, .absolutePath, "The private key of fleet.cert (PEM, mode 0600). Its contents are never shown."),
        ConfigKey(.fleetUsername, .fleet, .text(), "User name presented to the broker, when it authenticates by password."),
        ConfigKey(.fleetPassword, .fleet, .text(maxLength: 256), secret: true, "Password presented to the broker with fleet.username."),
        ConfigKey(.fleetBoxId, .fleet, .identifier(),
                  "The box's MQTT client id and topic name (scanbridge/<box-id>/…); default: acquirer.terminal-id."),
        ConfigKey(.fleetKeepalive, .fleet, .duration(.seconds(5) ... .seconds(600)), default: "30s",
                  "MQTT keepalive: the broker declares the box offline about 1.5 times this after it vanishes."),
    ]
}
