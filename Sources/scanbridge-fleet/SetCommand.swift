import ArgumentParser
import Fleet
import FoundationEssentials

/// `set BOX KEY VALUE`: one change to one box, waiting for the box's answer. Exit status 0 when
/// the box applied it, 1 when it refused it (the reasons are printed), 2 when it did not answer.
struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change one setting on one box and wait for its result.")

    @OptionGroup var broker: BrokerOptions
    @Argument var box: String
    @Argument var key: String
    @Argument var value: String

    @Option(help: "Seconds to wait for the box's answer.")
    var timeout: Double = 10

    func run() async throws {
        let id = "set-\(UInt32.random(in: 0...UInt32.max))"
        let client = try OfficeClient(settings: try broker.settings(clientID: "scanbridge-fleet-\(id)"),
                                      subscriptions: ["scanbridge/\(box)/config/result"])
        try await client.connected()
        let body = FleetRequestJSON.set(id: id, key: key, value: value)
        try await client.publish(topic: "scanbridge/\(box)/config/set", payload: body)
        func answer(_ messages: [OfficeClient.Message]) -> ConfigResult? {
            messages.lazy.compactMap { try? JSONDecoder().decode(ConfigResult.self, from: Data($0.payload)) }.first { $0.id == id }
        }
        _ = await client.wait(timeout: .milliseconds(Int(timeout * 1000))) { answer($0) != nil }
        let result = answer(client.messages)
        await client.stop()
        guard let result else {
            print("\(box) did not answer within \(timeout) s (offline? see `scanbridge-fleet status`)")
            throw ExitCode(2)
        }
        guard result.ok else {
            print("\(box) refused it; nothing was changed:")
            for error in result.errors { print("  \(error)") }
            throw ExitCode(1)
        }
        for (name, now) in result.applied.sorted(by: { $0.key < $1.key }) { print("\(box): \(name) = \(now ?? "(unset)")") }
        if !result.appliesNow.isEmpty { print("applied now: \(result.appliesNow.joined(separator: ", "))") }
        if !result.afterRestart.isEmpty { print("after a restart: \(result.afterRestart.joined(separator: ", "))") }
        if !result.shadowedByConsole.isEmpty { print("overridden by the box's console: \(result.shadowedByConsole.joined(separator: ", "))") }
    }
}

enum FleetRequestJSON {
    struct SetRequest: Encodable {
        let id: String
        let set: [String: String]
    }

    static func set(id: String, key: String, value: String) -> [UInt8] {
        (try? Array(JSONEncoder().encode(SetRequest(id: id, set: [key: value])))) ?? []
    }
}
