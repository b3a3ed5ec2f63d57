import MQTT

/// The uplink as `status` and the metrics show it.
public struct FleetLinkReport: Sendable, Equatable {
    /// `connected`, `connecting`, `DOWN: <why>`, `stopped`.
    public var link: String
    public var connected: Bool
    /// Rows marked exported since the agent started.
    public var exported: Int
    /// Rows the broker refused (PUBACK with a failure reason) since the agent started.
    public var refused: Int

    static func describe(_ state: MQTTLinkState) -> String {
        switch state {
        case .connecting: "connecting"
        case .connected: "connected"
        case .down(let error): "DOWN: \(error)"
        case .stopped: "stopped"
        }
    }
}
