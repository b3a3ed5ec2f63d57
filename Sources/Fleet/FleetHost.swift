/// What the uplink asks of the rest of the agent, as closures the composition root fills in, so
/// this module needs neither the indicators nor the console.
public struct FleetHost: Sendable {
    /// Outputs that do not work, one line each (`buzzer DOWN: …`).
    public var outputsDown: @Sendable () -> [String]
    /// Plays the identify pattern (the technician finds the box that was named).
    public var identify: @Sendable () async -> Void
    /// Asks the agent to stop, for systemd to start it again.
    public var restart: @Sendable () async -> Void

    public init(outputsDown: @escaping @Sendable () -> [String] = { [] }, identify: @escaping @Sendable () async -> Void = {},
                restart: @escaping @Sendable () async -> Void = {}) {
        self.outputsDown = outputsDown
        self.identify = identify
        self.restart = restart
    }
}
