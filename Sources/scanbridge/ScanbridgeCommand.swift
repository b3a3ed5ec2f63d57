import ArgumentParser

@main
struct ScanbridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanbridge",
        abstract: "The payment-code scan box agent.",
        subcommands: [ScanCommand.self, DemoAgentCommand.self, KeygenCommand.self, ConfigCommand.self]
    )
}
