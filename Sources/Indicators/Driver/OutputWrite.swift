/// One change of one output, as the engine decides it and a backend carries it out.
public struct OutputWrite: Hashable, Sendable {
    public var output: OutputName
    public var on: Bool
    /// The event whose pattern caused the write, or `safe-state` for the all-off writes.
    public var pattern: String
    /// Time since the driver started, on the driver's clock; the simulator logs it.
    public var elapsed: Duration

    public init(output: OutputName, on: Bool, pattern: String, elapsed: Duration = .zero) {
        self.output = output
        self.on = on
        self.pattern = pattern
        self.elapsed = elapsed
    }

    public static let safeStatePattern = "safe-state"
}
