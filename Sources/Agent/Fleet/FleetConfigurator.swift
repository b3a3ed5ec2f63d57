import Configuration
import Fleet
import Journal
import PaymentModel

/// `scanbridge/<box>/config/set`, applied the way the console applies a commit: the same
/// catalog and validation (the whole configuration must still build), the fleet layer saved
/// atomically (`fleet.conf`, under the console's layer: the technician at the box has the last
/// word), every change in the audit log with its source `fleet`, live keys applied at once.
struct FleetConfigurator: Sendable {
    /// These would cut the uplink the change came over, or move the box to another name; they
    /// belong in the provisioning file or to the technician.
    static let refusedKeys: Set<String> = [KeyName.fleetEnabled.rawValue, KeyName.fleetBroker.rawValue, KeyName.fleetBoxId.rawValue]

    let store: ConfigurationStore
    let journal: Journal
    let apply: @Sendable (AgentSettings, Set<String>) -> Void

    func configure(_ request: ConfigRequest) async -> ConfigResult {
        let now = Timestamp.epochMilliseconds()
        let refused = request.changes.keys.filter(Self.refusedKeys.contains).sorted()
        guard refused.isEmpty else {
            return ConfigResult(id: request.id, ok: false, errors: refused.map {
                "\($0): cannot be changed over the uplink (it would cut or rename it); change it in the provisioning file or at the console"
            }, at: now)
        }
        let before = store.configuration
        let settings: AgentSettings
        do {
            settings = try store.commit(request.changes, to: .fleet)
        } catch {
            return ConfigResult(id: request.id, ok: false, errors: error.description.split(separator: "\n").map(String.init), at: now)
        }
        let after = store.configuration
        let keys = request.changes.keys.sorted()
        func display(_ name: String, _ value: String?) -> String? {
            guard let value else { return nil }
            return ConfigKey.named(name)?.display(value) ?? ConfigKey.redacted
        }
        let entries = keys.map { name in
            AuditEntry(at: now, port: "fleet", action: request.changes[name] == .some(nil) ? "unset" : "set", key: name,
                       old: display(name, before.value(name)), new: display(name, after.value(name)))
        }
        try? await journal.audit(entries)
        apply(settings, Set(keys))
        let live = keys.filter { ConfigKey.named($0)?.appliesLive == true }
        return ConfigResult(
            id: request.id, ok: true,
            applied: Dictionary(uniqueKeysWithValues: keys.map { ($0, display($0, after.value($0))) }),
            appliesNow: live, afterRestart: keys.filter { !live.contains($0) },
            shadowedByConsole: keys.filter { after.resolved($0)?.layer.kind == .console }, at: now)
    }
}
