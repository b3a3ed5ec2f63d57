import Synchronization

/// Where one output lives on a gpiochip. The chip is chosen by label; the line by name when the
/// device tree names it, else by offset. With both, the name wins and the offset is the fallback
/// (names are stable across kernels, offsets are what unnamed SoC banks offer).
public struct GPIOLineBinding: Hashable, Sendable {
    public var output: OutputName
    public var chipLabel: String
    public var lineName: String?
    public var offset: UInt32?
    public var activeLow: Bool

    public init(output: OutputName, chipLabel: String, lineName: String? = nil, offset: UInt32? = nil, activeLow: Bool = false) {
        self.output = output
        self.chipLabel = chipLabel
        self.lineName = lineName
        self.offset = offset
        self.activeLow = activeLow
    }

    var lineDescription: String {
        switch (lineName, offset) {
        case let (name?, offset?): "\(name) (offset \(offset))"
        case let (name?, nil): name
        case let (nil, offset?): "offset \(offset)"
        case (nil, nil): "(no line given)"
        }
    }
}

/// LEDs and an active buzzer on gpiochip lines through libgpiod, consumer `scanbridge`.
/// Lines are claimed at start (already off) and held until stop, because a line's level holds
/// only while its request does.
public final class GPIOBackend: IndicatorBackend {
    public static let consumer = "scanbridge"

    public let bindings: [GPIOLineBinding]
    public let deviceDirectory: String
    public var outputs: Set<OutputName> { Set(bindings.map(\.output)) }
    private let lines: Mutex<[OutputName: GPIOLine]> = Mutex([:])

    /// - Parameter deviceDirectory: where the gpiochip devices are; tests point it elsewhere.
    public init(bindings: [GPIOLineBinding], deviceDirectory: String = "/dev") {
        self.bindings = bindings
        self.deviceDirectory = deviceDirectory
    }

    /// The libgpiod API this build was compiled against (1 or 2) and the library version.
    public static var library: (api: Int, version: String) { GPIOChip.library }

    public func start() -> [OutputFault] {
        lines.withLock { lines in
            // A restart (or a second start) first lets go of what the last one held.
            for line in lines.values { try? line.set(false) }
            lines.removeAll()
            var faults: [OutputFault] = []
            var chips: [String: Result<GPIOChip, GPIOError>] = [:]
            for binding in bindings {
                let chip = chips[binding.chipLabel] ?? Result { () throws(GPIOError) in
                    try GPIOChip.open(label: binding.chipLabel, directory: deviceDirectory)
                }
                chips[binding.chipLabel] = chip
                do throws(GPIOError) {
                    lines[binding.output] = try Self.claim(binding, on: chip.get())
                } catch {
                    faults.append(OutputFault(output: binding.output, reason: error.description))
                }
            }
            return faults
        }
    }

    public func write(_ write: OutputWrite) throws(OutputFault) {
        let result: Result<Void, GPIOError>? = lines.withLock { lines in
            guard let line = lines[write.output] else { return nil }
            return Result { () throws(GPIOError) in try line.set(write.on) }
        }
        switch result {
        case nil: throw OutputFault(output: write.output, reason: "not claimed (see the start-up error)")
        case .failure(let error): throw OutputFault(output: write.output, reason: error.description)
        case .success: return
        }
    }

    /// Opens the chip again and claims the line (busy at start, or the chip appeared late).
    public func reclaim(_ output: OutputName) -> OutputFault? {
        guard let binding = bindings.first(where: { $0.output == output }) else {
            return OutputFault(output: output, reason: "not wired on this board")
        }
        return lines.withLock { lines in
            if let line = lines[output] {
                if (try? line.set(false)) != nil { return nil }
                lines[output] = nil  // a line that stopped taking writes is released and claimed afresh
            }
            do throws(GPIOError) {
                let chip = try GPIOChip.open(label: binding.chipLabel, directory: deviceDirectory)
                lines[output] = try Self.claim(binding, on: chip)
                return nil
            } catch {
                return OutputFault(output: output, reason: error.description)
            }
        }
    }

    public func stop() {
        lines.withLock { lines in
            for line in lines.values { try? line.set(false) }
            lines.removeAll()
        }
    }

    private static func claim(_ binding: GPIOLineBinding, on chip: GPIOChip) throws(GPIOError) -> GPIOLine {
        let offset: UInt32
        if let name = binding.lineName {
            do {
                offset = try chip.offset(ofLine: name)
            } catch {
                guard let fallback = binding.offset else { throw error }
                offset = fallback
            }
        } else if let fallback = binding.offset {
            offset = fallback
        } else {
            throw .lineNotFound(name: "", chip: chip.label, available: chip.lineNames)
        }
        return try chip.requestOutput(offset: offset, activeLow: binding.activeLow, consumer: consumer,
                                      describedAs: binding.lineDescription)
    }
}
