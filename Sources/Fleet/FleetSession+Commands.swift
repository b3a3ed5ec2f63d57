import MQTT
import PaymentModel

/// `scanbridge/<box>/command`: `identify`, `restart`, `report [YYYY-MM-DD]` (publish that day's
/// takings on `…/report`), `status` (publish it now). Answered on
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
        if topic == uplink.topics.configSet { return await configure(payload) }
        guard topic == uplink.topics.command else { return }
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
        case "report":
            let day = words.dropFirst().first.map(String.init)
            if let problem = await publishReport(day: day) {
                result = (false, problem)
            } else {
                result = (true, "report \(day ?? "today") published on \(uplink.topics.report)")
            }
        case "restart":
            result = (true, "restarting")
            answer(command, result)
            uplink.logger.notice("fleet: restart asked for over the uplink")
            await uplink.host.restart()
            return
        default:
            result = (false, "unknown command \"\(String(command.prefix(32)))\"; known: identify, restart, report [YYYY-MM-DD], status")
        }
        answer(command, result)
    }

    private func answer(_ command: String, _ result: (Bool, String)) {
        let reply = CommandResult(command: String(command.prefix(32)), ok: result.0, message: result.1, at: Timestamp.epochMilliseconds())
        _ = try? uplink.link.publish(topic: uplink.topics.commandResult, payload: FleetJSON.encode(reply))
    }

    /// `config/set`: parsed here, checked and applied by the composition root, answered on
    /// `config/result` either way.
    private func configure(_ payload: [UInt8]) async {
        let result: ConfigResult
        switch ConfigRequest.parse(payload) {
        case .failure(let error):
            result = ConfigResult(id: nil, ok: false, errors: [error.description], at: Timestamp.epochMilliseconds())
        case .success(let request):
            if let configure = uplink.configurator.withLock({ $0 }) {
                result = await configure(request)
            } else {
                result = ConfigResult(id: request.id, ok: false, errors: ["this box takes no settings over the uplink"], at: Timestamp.epochMilliseconds())
            }
        }
        uplink.logger.notice("fleet: configuration change asked for over the uplink", metadata: [
            "id": "\(result.id ?? "-")", "ok": "\(result.ok)", "keys": "\(result.applied.keys.sorted().joined(separator: ","))",
        ])
        _ = try? uplink.link.publish(topic: uplink.topics.configResult, payload: result.json)
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
