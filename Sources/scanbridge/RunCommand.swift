import Agent
import ArgumentParser
import Configuration
import Indicators
import Logging

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
        let configuration: AgentConfiguration
        do throws(AgentSettingsError) {
            configuration = try AgentConfiguration(settings: settings, board: detected, version: ScanbridgeCommand.version)
        } catch {
            throw ValidationError(error.description)
        }
        let agent = try Agent(configuration: configuration, logger: logger)
        try agent.addConsole(store: store, version: ScanbridgeCommand.version) { level in output.logLevel = level }
        try await agent.run()
    }

    static func load(config: String, consoleLayer: String) throws -> (ConfigurationStore, BoardProfile?) {
        do {
            return try ConfigurationStore.loadAgent(provisioningFile: config, consoleLayerPath: consoleLayer)
        } catch {
            throw ValidationError("configuration is not usable:\n\(error)")
        }
    }
}
