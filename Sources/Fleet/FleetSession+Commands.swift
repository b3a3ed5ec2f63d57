import MQTT
import PaymentModel

/// `scanbridge/<box>/command`: `identify`, `restart`, `status` (publish it now). Answered on
/// `…/command/result` as `{"command":…,"ok":…,"message":…}`. Anything else is refused with a
/// clear message; nothing is done for it.
struct CommandResult: Codable, Sendable, Equatable {
    var v = 1
    var command: String
    var ok: Bool
    var message: String
    var at: Int64
}

extension FleetSession {
    mutating func command(topic: String, payload: [UInt8]) async {
        guard topic == uplink.topics.command else { return }  // config/set: not handled by this version
        let text = String(decoding: payload.prefix(256), as: UTF8.self).trimmingSpaces()
        let words = text.split(separator: " ")
        let command = words.first.map(String.init) ?? ""
        let result: (Bool, String)
        switch command {
        case "identify":
            uplink.logger.notice("fleet: identify asked for over the uplink")
            await uplink.host.identify()
            result = (true, "playing the identify pattern")
        case "status":
            await publishStatus()
            result = (true, "status published")
        case "restart":
            result = (true, "restarting")
            answer(command, result)
            uplink.logger.notice("fleet: restart asked for over the uplink")
            await uplink.host.restart()
            return
        default:
            result = (false, "unknown command \"\(String(command.prefix(32)))\"; known: identify, restart, status")
        }
        answer(command, result)
    }

    private func answer(_ command: String, _ result: (Bool, String)) {
        let reply = CommandResult(command: String(command.prefix(32)), ok: result.0, message: result.1, at: Timestamp.epochMilliseconds())
        _ = try? uplink.link.publish(topic: uplink.topics.commandResult, payload: FleetJSON.encode(reply))
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }.reversed())
    }
}
