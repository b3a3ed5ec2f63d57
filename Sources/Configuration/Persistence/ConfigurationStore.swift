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
        let configuration = LayeredConfiguration(board: board, file: file, console: console)
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

    /// Validates the changes on top of the current layers, writes the console layer atomically,
    /// then publishes the new settings. Nothing changes when any step fails.
    @discardableResult
    public func commit(_ changes: [String: String?]) throws(CommitFailure) -> AgentSettings {
        let (candidate, _) = preview(changes)
        let settings: AgentSettings
        do {
            settings = try AgentSettings.build(candidate, validator: validator)
        } catch {
            throw .invalid(error)
        }
        let layer = candidate.layer(.console) ?? ConfigurationLayer(.console, origin: consoleLayerPath)
        let unwritable = ConfigFileFormat.unwritableKeys(layer)
        guard unwritable.isEmpty else {
            throw .invalid(ConfigurationIssues(unwritable.map { key in
                ConfigurationIssue(key: key, location: consoleLayerPath,
                                   "cannot be saved: the file cannot hold this value (a line break, or quotes with # and surrounding spaces)")
            }))
        }
        let text = ConfigFileFormat.render(layer, header: "Changes made on the scanbridge technician console.\nWritten by the agent; edit with the console's set/unset/commit.")
        do {
            try AtomicFile.write(Array(text.utf8), to: consoleLayerPath)
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

    static func applying(_ changes: [String: String?], to configuration: LayeredConfiguration, origin: String) -> LayeredConfiguration {
        var layer = configuration.layer(.console) ?? ConfigurationLayer(.console, origin: origin)
        for (key, value) in changes { layer[key] = value }
        return configuration.replacing(layer)
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
