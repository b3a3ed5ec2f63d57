import FoundationEssentials

/// `scanbridge/<box>/config/set`: changes to the box's settings, as JSON
/// `{"id":"c-17","set":{"amount.fixed":"4.20"},"unset":["log.level"]}`, or as plain lines
/// `key = value` (for `mosquitto_pub -m`). Checked by the same catalog and validator as the
/// console; all applied or none.
public struct ConfigRequest: Sendable, Equatable {
    /// Echoed in the result, so the sender can tell its answer from another's.
    public var id: String?
    /// nil: remove the head office's value for the key.
    public var changes: [String: String?]

    public init(id: String? = nil, changes: [String: String?]) {
        self.id = id
        self.changes = changes
    }

    private struct Wire: Codable {
        var id: String?
        var set: [String: String]?
        var unset: [String]?
    }

    /// nil, with the reason, when the payload is neither form.
    public static func parse(_ payload: [UInt8]) -> Result<ConfigRequest, ConfigRequestError> {
        guard payload.count <= 16_384 else { return .failure(ConfigRequestError("the request is over 16 KiB")) }
        let text = String(decoding: payload, as: UTF8.self)
        if text.first == "{" {
            guard let wire = FleetJSON.decode(Wire.self, from: payload) else {
                return .failure(ConfigRequestError("the request is not JSON of the form {\"id\":…,\"set\":{…},\"unset\":[…]}"))
            }
            var changes: [String: String?] = [:]
            for (key, value) in wire.set ?? [:] { changes[key] = .some(value) }
            for key in wire.unset ?? [] { changes[key] = .some(nil) }
            guard !changes.isEmpty else { return .failure(ConfigRequestError("the request changes nothing")) }
            return .success(ConfigRequest(id: wire.id.map { String($0.prefix(64)) }, changes: changes))
        }
        var changes: [String: String?] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = String(line).trimmingSpaces()
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                return .failure(ConfigRequestError("\"\(trimmed.prefix(40))\" is not key = value"))
            }
            let key = String(trimmed[..<equals]).trimmingSpaces()
            changes[key] = .some(String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces())
        }
        guard !changes.isEmpty else { return .failure(ConfigRequestError("the request changes nothing")) }
        return .success(ConfigRequest(changes: changes))
    }
}

public struct ConfigRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `scanbridge/<box>/config/result`, version 1. Values of secret keys are `<redacted>`: a secret
/// can be set from the head office but never read back.
public struct ConfigResult: Codable, Sendable, Equatable {
    public var v = 1
    public var id: String?
    public var ok: Bool
    /// Key → the value now in force (secrets redacted); nil for a key now unset.
    public var applied: [String: String?]
    /// Keys that took effect at once; the rest take effect after a restart.
    public var appliesNow: [String]
    public var afterRestart: [String]
    /// Keys the technician's console overrides on this box: the head office's value waits under it.
    public var shadowedByConsole: [String]
    /// Why nothing was changed.
    public var errors: [String]
    public var at: Int64

    public init(id: String?, ok: Bool, applied: [String: String?] = [:], appliesNow: [String] = [], afterRestart: [String] = [],
                shadowedByConsole: [String] = [], errors: [String] = [], at: Int64) {
        self.id = id
        self.ok = ok
        self.applied = applied
        self.appliesNow = appliesNow
        self.afterRestart = afterRestart
        self.shadowedByConsole = shadowedByConsole
        self.errors = errors
        self.at = at
    }

    public var json: [UInt8] { FleetJSON.encode(self) }
}
