/// The layers merged: a key's value comes from the highest layer that sets it.
public struct LayeredConfiguration: Sendable, Hashable {
    /// Lowest first.
    public private(set) var layers: [ConfigurationLayer]

    public init(_ layers: [ConfigurationLayer]) {
        self.layers = layers.sorted { $0.kind < $1.kind }
    }

    /// Defaults, then whatever is given.
    public init(board: ConfigurationLayer? = nil, file: ConfigurationLayer? = nil, fleet: ConfigurationLayer? = nil,
                console: ConfigurationLayer? = nil) {
        self.init([ConfigurationLayer.defaults] + [board, file, fleet, console].compactMap { $0 })
    }

    public func value(_ key: KeyName) -> String? { value(key.rawValue) }

    public func value(_ key: String) -> String? {
        resolved(key)?.value
    }

    /// The value and the layer it came from.
    public func resolved(_ key: String) -> (value: String, layer: ConfigurationLayer)? {
        for layer in layers.reversed() {
            if let value = layer[key] { return (value, layer) }
        }
        return nil
    }

    public func layer(_ kind: ConfigurationLayer.Kind) -> ConfigurationLayer? {
        layers.first { $0.kind == kind }
    }

    /// Replaces (or adds) the layer of the same kind.
    public func replacing(_ layer: ConfigurationLayer) -> LayeredConfiguration {
        LayeredConfiguration(layers.filter { $0.kind != layer.kind } + [layer])
    }

    /// Every key some layer sets, sorted.
    public var keys: [String] {
        Array(Set(layers.flatMap(\.entries.keys))).sorted()
    }

    /// The merged key → value map.
    public var effective: [String: String] {
        Dictionary(keys.compactMap { key in value(key).map { (key, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}
