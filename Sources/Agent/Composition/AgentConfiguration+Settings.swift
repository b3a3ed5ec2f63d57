import Configuration
import Indicators
import Journal
import POSLink
import Scanner
import SerialIO
import Settlement
import Voice

/// Why settings that passed validation still cannot run an agent.
public enum AgentSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    case acquirerNotConfigured
    case noBoard
    case missing(key: String, because: String)
    case scanner(String)

    public var description: String {
        switch self {
        case .acquirerNotConfigured:
            "the acquirer is not configured: set acquirer.client-id, the merchant, store and terminal ids (see docs/CONFIGURATION.md)"
        case .noBoard: "no board profile matches this machine; set board.name (see docs/CONFIGURATION.md)"
        case .missing(let key, let because): "\(because) needs \(key)"
        case .scanner(let problem): "scanner: \(problem)"
        }
    }
}

extension AgentConfiguration {
    /// Everything the agent runs, from the layered settings and the board they chose: the one
    /// translation from configuration keys to the modules' own settings.
    public init(settings: AgentSettings, board: BoardProfile?, version: String = "unknown") throws(AgentSettingsError) {
        guard let client = settings.acquirer.antomConfiguration() else { throw .acquirerNotConfigured }
        guard let board else { throw .noBoard }
        let profile: ScannerProfile
        do {
            profile = try settings.scanner.scannerProfile()
        } catch {
            throw .scanner("\(error)")
        }
        var scanner = ScannerPart(location: settings.scanner.portLocation, profile: profile)
        scanner.backend = settings.scanner.portBackend
        scanner.duplicateWindow = settings.scanner.duplicateWindow
        var indicators = IndicatorPart(board: board)
        indicators.patternOverrides = settings.patterns
        self.init(
            scanner: scanner,
            acquirer: .init(client: client, privateKeyPath: settings.acquirer.privateKeyPath, acquirerPublicKeyPath: settings.acquirer.publicKeyPath),
            journalPath: settings.journal.path, journalMaxBytes: settings.journal.maxBytes, policy: settings.settlementPolicy(),
            indicators: indicators, amountSource: try settings.amount.sourceSettings(reportDayStart: settings.journal.reportDayStart),
            metricsDirectory: settings.metricsDirectory.isEmpty ? nil : settings.metricsDirectory)
        fleet = settings.uplinkSettings(version: version, board: board.id)
        voice = settings.voice.voicePart(board: board)
    }
}

extension AgentSettings.Voice {
    /// The speaker's part, when the box speaks: `voice.device` over the board's audio device.
    func voicePart(board: BoardProfile) -> AgentConfiguration.VoicePart? {
        guard enabled else { return nil }
        var speaking = VoiceSettings(
            device: device ?? board.audio?.device ?? "default", locales: locales.compactMap(VoiceLocale.init(rawValue:)),
            volume: volume, announceStartup: announceStartup, announceFaults: announceFaults)
        speaking.quietHours = quietHours.map {
            QuietHours(startMinute: $0.startMinute, endMinute: $0.endMinute, utcOffsetSeconds: $0.utcOffsetSeconds, volume: quietVolume)
        }
        return AgentConfiguration.VoicePart(settings: speaking, packs: packs, amplifier: board.audio?.amplifier)
    }
}

extension AgentSettings.Amount {
    /// The configured amount source, as the POS link builds it.
    public func sourceSettings(reportDayStart: ClockTime) throws(AgentSettingsError) -> AmountSourceSettings {
        switch source {
        case .fixed:
            guard let price = fixed else { throw .missing(key: KeyName.amountFixed.rawValue, because: "amount.source = fixed") }
            return .fixed(FixedSourceSettings(price: price))
        case .ecr:
            let transport: ECRSettings.Transport = ecrSerialPort.map { .serial(port: $0, settings: SerialSettings(baudRate: ecrBaudRate)) }
                ?? .tcp(listen: "\(ecrListenAddress):\(ecrPort)", allowedPeers: [])
            return .ecr(ECRSettings(transport: transport, armTimeout: armTimeout, refundsEnabled: ecrRefunds, token: ecrToken,
                                    reportDay: ReportDay(minuteOfDay: reportDayStart.minuteOfDay, utcOffsetSeconds: reportDayStart.utcOffsetSeconds)))
        case .console:
            return .console(ConsoleSourceSettings(defaultCurrency: currency.code, armTimeout: armTimeout))
        case .displayTap:
            guard let port = displayTapPort else { throw .missing(key: KeyName.amountDisplayTapPort.rawValue, because: "amount.source = display-tap") }
            return .displayTap(DisplayTapSettings(
                port: port, baudRate: displayTapBaudRate, currency: currency.code,
                amountFormat: DisplayTapSettings.AmountFormat(rawValue: displayTapFormat) ?? .decimal,
                armTimeout: armTimeout))
        }
    }
}
