/// Something that drives logical outputs: GPIO lines, LED-class LEDs, a PWM buzzer, the simulator,
/// the terminal, or a board's mix of them (``CompositeBackend``).
///
/// Backends never stop the agent: what they cannot claim or write is reported as an
/// ``OutputFault`` and the driver carries on with the outputs that work (degraded mode).
public protocol IndicatorBackend: Sendable {
    /// The outputs this backend drives.
    var outputs: Set<OutputName> { get }

    /// Claims the hardware and puts every output in the safe state (off). Idempotent, so a restart
    /// after a crash is just another start. Returns the outputs that could not be claimed.
    func start() -> [OutputFault]

    /// Turns one output on or off.
    func write(_ write: OutputWrite) throws(OutputFault)

    /// Puts every claimed output in the safe state, then releases the hardware.
    func stop()

    /// Tries again to drive an output that is down (a line another process held, an LED that was
    /// missing), leaving it off. Nil when it works now; the driver retries down outputs now and then.
    func reclaim(_ output: OutputName) -> OutputFault?
}

extension IndicatorBackend {
    /// For backends with nothing to claim: the output works again when a write to it does.
    public func reclaim(_ output: OutputName) -> OutputFault? {
        do throws(OutputFault) {
            try write(OutputWrite(output: output, on: false, pattern: OutputWrite.safeStatePattern))
            return nil
        } catch {
            return error
        }
    }
}

/// Why an output is down. The message is written for the technician reading the log or console.
public struct OutputFault: Error, Hashable, Sendable, CustomStringConvertible {
    public var output: OutputName
    public var reason: String

    public init(output: OutputName, reason: String) {
        self.output = output
        self.reason = reason
    }

    public var description: String { "\(output): \(reason)" }
}
