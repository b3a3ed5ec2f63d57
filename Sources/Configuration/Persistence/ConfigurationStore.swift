import Synchronization

/// The agent's configuration while it runs: the layers, the typed settings built from them, and
/// the console layer, which `commit` replaces atomically on disk. Observers hear about every
/// committed change (the console, the amount source, log level).
public final class ConfigurationStore: Sendable {
    /// The default place of the fleet's provisioning file.
    public static let provisioningPath = "/etc/scanbridge/scanbridge.conf"
    /// The default place of the console's persisted changes.
    public static let consoleLayerPath = "/var/lib/scanbridge/console.conf"

    public let consoleLayerPath: String
    /// Where changes from the head office (`scanbridge/<box>/config/set`) are kept: beside the
    /// console's, `fleet.conf`.
    public var fleetLayerPath: String { Self.fleetLayerPath(besides: consoleLayerPath) }
    public let validator: Validator
    private let state: Mutex<State>

    private struct State {
        var configuration: LayeredConfiguration
        var settings: AgentSettings
    }

    /// Loads defaults < `board` < the provisioning file < the persisted console layer. A missing
    /// file is an empty layer; an unreadable or invalid one throws every issue found.
    public static func load(
        board: ConfigurationLayer?, provisioningFile: String? = provisioningPath,
        consoleLayerPath: String = consoleLayerPath, validator: Validator = Validator()
    ) throws(ConfigurationIssues) -> ConfigurationStore {
        let file = try provisioningFile.flatMap { (path) throws(ConfigurationIssues) in try readLayer(path, kind: .file) }
        let console = try readLayer(consoleLayerPath, kind: .console) ?? ConfigurationLayer(.console, origin: consoleLayerPath)
        let fleetPath = fleetLayerPath(besides: consoleLayerPath)
        let fleet = try readLayer(fleetPath, kind: .fleet) ?? ConfigurationLayer(.fleet, origin: fleetPath)
        let configuration = LayeredConfiguration(board: board, file: file, fleet: fleet, console: console)
        return try ConfigurationStore(configuration: configuration, consoleLayerPath: consoleLayerPath, validator: validator)
    }

    public init(configuration: LayeredConfiguration, consoleLayerPath: String, validator: Validator = Validator()) throws(ConfigurationIssues) {
        let settings = try AgentSettings.build(configuration, validator: validator)
        self.consoleLayerPath = consoleLayerPath
        self.validator = validator
        self.state = Mutex(State(configuration: configuration, settings: settings))
    }

    public var configuration: LayeredConfiguration { state.withLock { $0.configuration } }
    public var settings: AgentSettings { state.withLock { $0.settings } }

    /// The configuration `changes` would make (nil value: remove the console's override), checked.
    public func preview(_ changes: [String: String?]) -> (LayeredConfiguration, [ConfigurationIssue]) {
        let candidate = Self.applying(changes, to: configuration, origin: consoleLayerPath)
        return (candidate, validator.issues(in: candidate))
    }

    /// Validates the changes on top of the current layers, writes the console layer (or the
    /// fleet layer) atomically, then publishes the new settings. Nothing changes when any step fails.
    @discardableResult
    public func commit(_ changes: [String: String?], to kind: ConfigurationLayer.Kind = .console) throws(CommitFailure) -> AgentSettings {
        let path = kind == .fleet ? fleetLayerPath : consoleLayerPath
        let candidate = Self.applying(changes, to: configuration, origin: path, kind: kind)
        let settings: AgentSettings
        do {
            settings = try AgentSettings.build(candidate, validator: validator)
        } catch {
            throw .invalid(error)
        }
        let layer = candidate.layer(kind) ?? ConfigurationLayer(kind, origin: path)
        let unwritable = ConfigFileFormat.unwritableKeys(layer)
        guard unwritable.isEmpty else {
            throw .invalid(ConfigurationIssues(unwritable.map { key in
                ConfigurationIssue(key: key, location: path,
                                   "cannot be saved: the file cannot hold this value (a line break, or quotes with # and surrounding spaces)")
            }))
        }
        let header = kind == .fleet
            ? "Changes sent by the head office (scanbridge/<box>/config/set).\nWritten by the agent; the console's changes override these."
            : "Changes made on the scanbridge technician console.\nWritten by the agent; edit with the console's set/unset/commit."
        let text = ConfigFileFormat.render(layer, header: header)
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw .notSaved(error)
        }
        state.withLock { state in
            state.configuration = candidate
            state.settings = settings
        }
        return settings
    }

    /// Removes every console change (factory reset): the console layer file is replaced by an empty one.
    public func clearConsoleLayer() throws(CommitFailure) -> AgentSettings {
        let changes = (configuration.layer(.console)?.entries.keys).map { keys in
            Dictionary(keys.map { ($0, String?.none) }, uniquingKeysWith: { a, _ in a })
        } ?? [:]
        return try commit(changes)
    }

    public enum CommitFailure: Error, Sendable, CustomStringConvertible {
        case invalid(ConfigurationIssues)
        case notSaved(AtomicFile.Failure)

        public var description: String {
            switch self {
            case .invalid(let issues): issues.errors.map(\.description).joined(separator: "\n")
            case .notSaved(let failure): failure.description
            }
        }
    }

    static func applying(_ changes: [String: String?], to configuration: LayeredConfiguration, origin: String,
                         kind: ConfigurationLayer.Kind = .console) -> LayeredConfiguration {
        var layer = configuration.layer(kind) ?? ConfigurationLayer(kind, origin: origin)
        for (key, value) in changes { layer[key] = value }
        return configuration.replacing(layer)
    }

    /// `fleet.conf` in the directory of the console's layer file.
    public static func fleetLayerPath(besides consoleLayerPath: String) -> String {
        let directory = consoleLayerPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return (directory.isEmpty && consoleLayerPath.hasPrefix("/") ? "" : directory) + "/fleet.conf"
    }

    /// A layer read from a file; nil when the file does not exist.
    public static func readLayer(_ path: String, kind: ConfigurationLayer.Kind) throws(ConfigurationIssues) -> ConfigurationLayer? {
        let bytes: [UInt8]?
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw ConfigurationIssues([ConfigurationIssue(key: nil, location: path, "\(error)")])
        }
        guard let bytes else { return nil }
        let (layer, issues) = ConfigFileFormat.parse(String(decoding: bytes, as: UTF8.self), kind: kind, origin: path)
        guard issues.isEmpty else { throw ConfigurationIssues(issues) }
        return layer
    }
}
