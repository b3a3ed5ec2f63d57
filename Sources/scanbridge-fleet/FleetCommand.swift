import ArgumentParser

/// `scanbridge-fleet`: the head office's side of the fleet uplink, a client of the same broker
/// the boxes publish to (docs/FLEET.md).
@main
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanbridge-fleet",
        abstract: "Follow and steer a fleet of scanbridge boxes over MQTT.",
        subcommands: [StatusCommand.self, PaymentsCommand.self, SetCommand.self, ReportCommand.self]
    )
}
