/// Several backends as one: a board's mix (GPIO LEDs + a PWM buzzer), or the same outputs shown
/// twice (simulator log + terminal panel). Each write goes to every child that drives the output.
public final class CompositeBackend: IndicatorBackend {
    public let children: [any IndicatorBackend]
    public var outputs: Set<OutputName> { children.reduce(into: []) { $0.formUnion($1.outputs) } }

    public init(_ children: [any IndicatorBackend]) { self.children = children }

    public func start() -> [OutputFault] { children.flatMap { $0.start() } }

    /// Every child gets the write even if an earlier one failed; the first failure is reported.
    public func write(_ write: OutputWrite) throws(OutputFault) {
        var firstFault: OutputFault?
        for child in children where child.outputs.contains(write.output) {
            do throws(OutputFault) {
                try child.write(write)
            } catch {
                firstFault = firstFault ?? error
            }
        }
        if let firstFault { throw firstFault }
    }

    /// Back only when every child that drives it is.
    public func reclaim(_ output: OutputName) -> OutputFault? {
        children.filter { $0.outputs.contains(output) }.compactMap { $0.reclaim(output) }.first
    }

    public func stop() {
        for child in children { child.stop() }
    }
}
