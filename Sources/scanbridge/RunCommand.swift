import Agent
import Antom
import ArgumentParser
import Configuration
import Console
import Indicators
import Logging
import POSLink
import Settlement
import SerialIO
import Glibc

/// `scanbridge run`: the agent as a box runs it, under systemd. Settings come from the built-in
/// defaults, the board profile, the provisioning file and the console's saved changes.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the agent: scanner, payments, indicators, console, amount source.")

    @Option(help: "Provisioning file.")
    var config: String = ConfigurationStore.provisioningPath

    @Option(help: "Where the console keeps its changes.")
    var consoleLayer: String = ConfigurationStore.consoleLayerPath

    func run() async throws {
        let (store, detected) = try Self.load(config: config, consoleLayer: consoleLayer)
        let settings = store.settings
        let output = ProcessOutput.bootstrapLogging(level: Logger.Level(rawValue: settings.log.level) ?? .info, file: settings.log.file)
        let logger = Logger(label: "scanbridge")
        if !settings.log.file.isEmpty, output.filePath == nil {
            logger.warning("log file cannot be written; logging to stderr only", metadata: ["file": "\(settings.log.file)"])
        }
        guard let client = settings.acquirer.antomConfiguration() else {
            throw ValidationError("the acquirer is not configured: set acquirer.client-id, the merchant, store and terminal ids (see docs/CONFIGURATION.md)")
        }
        var scanner = AgentConfiguration.ScannerPart(location: settings.scanner.portLocation, profile: try settings.scanner.scannerProfile())
        scanner.backend = settings.scanner.portBackend
        scanner.duplicateWindow = settings.scanner.duplicateWindow
        guard let board = detected else {
            throw ValidationError("no board profile matches this machine; set board.name (see `scanbridge` docs/CONFIGURATION.md)")
        }
        var indicators = AgentConfiguration.IndicatorPart(board: board)
        indicators.patternOverrides = settings.patterns
        let configuration = AgentConfiguration(
            scanner: scanner,
            acquirer: .init(client: client, privateKeyPath: settings.acquirer.privateKeyPath, acquirerPublicKeyPath: settings.acquirer.publicKeyPath),
            journalPath: settings.journal.path, journalMaxBytes: settings.journal.maxBytes, policy: settings.settlementPolicy(),
            indicators: indicators, amountSource: try Self.amountSource(settings.amount, reportDayStart: settings.journal.reportDayStart),
            metricsDirectory: settings.metricsDirectory.isEmpty ? nil : settings.metricsDirectory)
        let agent = try Agent(configuration: configuration, logger: logger)
        if !settings.console.port.isEmpty {
            let host = AgentConsoleHost(
                journal: agent.journal, store: store, indicators: .init(agent.indicators), acquirer: agent.acquirer, keys: AntomSigningKeys(),
                engine: agent.engine, version: ScanbridgeCommand.version,
                onApply: { [amounts = agent.amounts, journal = agent.journal, engine = agent.engine] settings, changed in
                    if changed.contains("log.level"), let level = Logger.Level(rawValue: settings.log.level) {
                        output.logLevel = level
                        logger.notice("log level changed", metadata: ["level": "\(level)"])
                    }
                    guard changed.contains(where: { $0.hasPrefix("amount.") }),
                          let source = try? Self.amountSource(settings.amount, reportDayStart: settings.journal.reportDayStart).makeSource(journal: journal, movements: engine, logger: logger) else { return }
                    amounts.activate(source)
                },
                onRestart: { kill(getpid(), SIGTERM) })
            let amounts = agent.amounts
            host.attach(charger: ConsoleCharger(
                charge: { amount, currency, reference in
                    guard let console = amounts.current as? ConsoleSource else {
                        return .failure(ConsoleHostError("the console is not the amount source (amount.source = console)"))
                    }
                    do {
                        let armed = try await console.charge(amount: amount, currency: currency, reference: reference)
                        return .success("armed \(armed): waiting for the customer's code")
                    } catch {
                        return .failure(ConsoleHostError("\(error)"))
                    }
                },
                cancel: {
                    guard let console = amounts.current as? ConsoleSource else {
                        return .failure(ConsoleHostError("the console is not the amount source (amount.source = console)"))
                    }
                    do {
                        return .success(try await console.cancelCharge().map { "dropped \($0)" } ?? "nothing was armed")
                    } catch {
                        return .failure(ConsoleHostError("\(error)"))
                    }
                }))
            agent.add(listener: host)
            agent.add(try ConsoleService(host: host, store: store))
        }
        try await agent.run()
    }

    static func load(config: String, consoleLayer: String) throws -> (ConfigurationStore, BoardProfile?) {
        do {
            return try ConfigurationStore.loadAgent(provisioningFile: config, consoleLayerPath: consoleLayer)
        } catch {
            throw ValidationError("configuration is not usable:\n\(error)")
        }
    }

    /// The configured amount source, as the POS link builds it.
    static func amountSource(_ amount: AgentSettings.Amount, reportDayStart: ClockTime) throws -> AmountSourceSettings {
        switch amount.source {
        case .fixed:
            guard let price = amount.fixed else { throw ValidationError("amount.source = fixed needs amount.fixed") }
            return .fixed(FixedSourceSettings(amount: price.decimalString, currency: price.currency.code))
        case .ecr:
            let transport: ECRSettings.Transport = amount.ecrSerialPort.map { .serial(port: $0, settings: SerialSettings(baudRate: amount.ecrBaudRate)) }
                ?? .tcp(listen: "\(amount.ecrListenAddress):\(amount.ecrPort)", allowedPeers: [])
            return .ecr(ECRSettings(transport: transport, armTimeout: amount.armTimeout, refundsEnabled: amount.ecrRefunds, token: amount.ecrToken,
                                    reportDay: ReportDay(minuteOfDay: reportDayStart.minuteOfDay, utcOffsetSeconds: reportDayStart.utcOffsetSeconds)))
        case .console:
            return .console(ConsoleSourceSettings(defaultCurrency: amount.currency.code, armTimeout: amount.armTimeout))
        case .displayTap:
            guard let port = amount.displayTapPort else { throw ValidationError("amount.source = display-tap needs amount.display-tap.port") }
            return .displayTap(DisplayTapSettings(
                port: port, baudRate: amount.displayTapBaudRate, currency: amount.currency.code,
                amountFormat: DisplayTapSettings.AmountFormat(rawValue: amount.displayTapFormat) ?? .decimal,
                armTimeout: amount.armTimeout))
        }
    }
}
