import ArgumentParser

/// Placeholder root command for the acquirer branch; the lead's ScanbridgeCommand replaces it
/// at merge and registers `KeygenCommand`.
@main
struct ScanbridgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanbridge",
        abstract: "Payment-code scan box agent.",
        subcommands: [KeygenCommand.self]
    )
}
