import Agent
import Configuration
import Fleet

/// What arrives from the broker: a head office's `config/set` (JSON or `key = value` lines) on a
/// box, and a box's retained `status` in the office's tool. A request either parses into at
/// least one change with trimmed keys and a short id, which the agent's validator then judges
/// without trapping, or is refused with a reason; a status either parses and writes back to the
/// same report, or is ignored.
///
/// Input: [0: config/set, 1: status] bytes…
enum FleetMessageTarget {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        if input.byte() & 1 == 0 {
            let payload = Array(input.rest())
            let lines = payload.first != UInt8(ascii: "{")
            switch ConfigRequest.parse(payload) {
            case .failure(let error):
                check(!error.description.isEmpty, "a refusal without a reason")
            case .success(let request):
                check(!request.changes.isEmpty, "a request that changes nothing was accepted")
                check((request.id?.count ?? 0) <= 64, "id of \(request.id?.count ?? 0) characters")
                var values: [String: String] = [:]
                for (key, value) in request.changes {
                    // A JSON key is taken as written (the validator names a stray one); a line's is trimmed.
                    if lines { check(!key.contains("\n") && key.first != " " && key.last != " ", "key \(key.debugDescription)") }
                    if let value { values[key] = value }
                }
                let layer = ConfigurationLayer(.fleet, origin: "fuzz", values: values)
                _ = Validator.agent.issues(in: LayeredConfiguration(file: ConfigurationLayer(.file, origin: "base", values: [:]), fleet: layer))
            }
        } else {
            let bytes = Array(input.rest())
            guard let report = StatusReport.parse(bytes) else { return }
            check(StatusReport.parse(report.json) == report, "a parsed status does not survive being written")
        }
    }
}
