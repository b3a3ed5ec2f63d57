/// A fuzz target: a name (the corpus folder under Fuzz/corpus/) and a function that runs one
/// input and traps (`check`) when an invariant breaks.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable (UnsafeBufferPointer<UInt8>) -> Void
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "frame-decoder", run: FrameDecoderTarget.run),
        FuzzTarget(name: "console", run: ConsoleTarget.run),
        FuzzTarget(name: "pos-line", run: POSLineTarget.run),
        FuzzTarget(name: "display-tap", run: DisplayTapTarget.run),
        FuzzTarget(name: "acquirer", run: AcquirerTarget.run),
        FuzzTarget(name: "config-file", run: ConfigFileTarget.run),
        FuzzTarget(name: "board-file", run: BoardFileTarget.run),
        FuzzTarget(name: "voice-pack", run: VoicePackTarget.run),
        FuzzTarget(name: "fleet-message", run: FleetMessageTarget.run),
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    // Set once in main before the driver starts; read only on libFuzzer's thread.
    nonisolated(unsafe) private static var selected: FuzzTarget?

    static func select(_ target: FuzzTarget) { selected = target }

    static func run(_ input: UnsafeBufferPointer<UInt8>) { selected?.run(input) }
}

/// An invariant: when it does not hold, say which and trap, so libFuzzer saves the input.
@inline(__always)
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
           file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
}
