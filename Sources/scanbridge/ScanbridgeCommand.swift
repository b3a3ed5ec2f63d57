import ArgumentParser

@main
struct ScanbridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanbridge",
        abstract: "The payment-code scan box agent.",
        version: version,
        subcommands: [RunCommand.self, ScanCommand.self, ConfigCommand.self, KeygenCommand.self, DemoAgentCommand.self]
    )

    /// Kept in step with the VERSION file the package is built from.
    static let version = "0.1.0"
}
