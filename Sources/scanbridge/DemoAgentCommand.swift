import Agent
import Antom
import PaymentModel
import ArgumentParser
import CTermios
import Indicators
import POSLink
import Logging
import Money
import Scanner
import Settlement
import Configuration
import Fleet
import Voice

/// `scanbridge demo-agent`: the whole agent with a fixed price, configured from the command line.
/// The demo runs it as a child process so it can kill and restart it for real. Hidden: boxes use
/// `scanbridge run`.
struct DemoAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-agent", abstract: "The agent with a fixed price, for the demo.", shouldDisplay: false)

    @Option var scanner: String
    @Option var acquirer: String
    @Option var key: String
    @Option var acquirerKey: String
    @Option var journal: String
    @Option var board: String
    @Option var indicatorsFile: String?
    @Option var amount: String = "12.50"
    @Option var currency: String = "USD"
    @Flag var terminal = false
    @Option var logLevel: Logger.Level = .warning
    @Option var metricsDir: String?
    @Option var metricsIntervalMs: Int = 5000
    @Option var voicePacks: String?
    @Option var voiceLocale: String = "en"
    @Option var voiceDevice: String = "null"
    @Option var voiceTranscript: String?
    /// mqtt://127.0.0.1:PORT: report to the demo's own broker as box BOX-DEMO.
    @Option var fleetBroker: String?

    func run() async throws {
        // A demo agent outliving its demo would hold the scanner pty and the journal.
        _ = ctermios_exit_with_parent()
        ProcessOutput.bootstrapLogging(level: logLevel)
        var acquirerPart = AgentConfiguration.AcquirerPart(
            client: AntomConfiguration(
                transport: TransportConfiguration(baseURL: acquirer, connectTimeout: .seconds(1)),
                clientID: "SANDBOX_DEMO", merchant: DemoMerchant.profile, payTimeout: .seconds(3), callTimeout: .seconds(3)),
            privateKeyPath: key, acquirerPublicKeyPath: acquirerKey)
        acquirerPart.client.payTimeout = .seconds(3)
        var policy = SettlementPolicy()
        policy.inquiryInterval = .seconds(1)
        policy.maxInquiries = 8
        policy.cancelBackoff = [.seconds(1)]
        policy.offlineRetryMin = .milliseconds(500)
        policy.offlineRetryMax = .seconds(1)
        var indicators = AgentConfiguration.IndicatorPart(board: try BoardProfile.load(path: board))
        indicators.simulationFile = indicatorsFile
        indicators.drawInTerminal = terminal
        var configuration = AgentConfiguration(
            scanner: AgentConfiguration.ScannerPart(location: .path(scanner), profile: .honeywell),
            acquirer: acquirerPart, journalPath: journal, policy: policy, indicators: indicators,
            amountSource: .fixed(FixedSourceSettings(amount: amount, currency: currency)), metricsDirectory: metricsDir)
        configuration.metricsInterval = .milliseconds(metricsIntervalMs)
        if let voicePacks {
            guard let locale = VoiceLocale(rawValue: voiceLocale) else { throw ValidationError("no voice locale \(voiceLocale)") }
            var voice = AgentConfiguration.VoicePart(settings: VoiceSettings(device: voiceDevice, locales: [locale]), packs: voicePacks)
            voice.transcriptFile = voiceTranscript
            configuration.voice = voice
        }
        if let fleetBroker {
            guard case .success(let broker) = ValueParser.broker(fleetBroker) else { throw ValidationError("not a broker address: \(fleetBroker)") }
            // A short keepalive, so the second terminal sees a killed box go offline within seconds.
            configuration.fleet = FleetSettings(boxID: "BOX-DEMO", host: broker.host, port: broker.port, keepalive: .seconds(5),
                                                version: ScanbridgeCommand.version, board: indicators.board.id)
            configuration.fleet?.statusInterval = .seconds(5)
        }
        let agent = try Agent(configuration: configuration, logger: Logger(label: "scanbridge"))
        try await agent.run()
    }
}

enum DemoMerchant {
    static let profile = MerchantProfile(
        referenceMerchantId: "M-DEMO", merchantName: "Demo Noodles", merchantMCC: "5812", referenceStoreId: "S-DEMO",
        storeName: "Demo Noodles Ginza", storeMCC: "5812", storeTerminalId: "BOX-DEMO")
}
