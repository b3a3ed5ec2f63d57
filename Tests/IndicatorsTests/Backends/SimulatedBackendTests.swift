import Foundation
import Indicators
import Logging
import Testing
import TestSupport

@Suite("Simulated backend and terminal renderer")
struct SimulatedBackendTests {
    @Test func writesOneParseableJSONLinePerChangeToTheFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/indicators.jsonl"
        let clock = ManualClock()
        let backend = SimulatedBackend(sink: .file(path))
        let driver = IndicatorDriver(backend: backend, clock: clock, logger: LogCapture().logger("sim-test"))
        let running = Task { try await driver.run() }
        driver.send(.success)
        // Safe state (4), heartbeat green, success's buzzer (green is already lit).
        #expect(await eventually { backend.records.count == 6 })
        clock.advance(by: .milliseconds(120))
        #expect(await eventually { backend.records.count == 7 })
        running.cancel()
        try await running.value

        let lines = try directory.read("indicators.jsonl").split(separator: "\n")
        let records = try lines.map { try JSONDecoder().decode(SimulatedBackend.Record.self, from: Data($0.utf8)) }
        #expect(records == backend.records)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.allSatisfy { Set($0?.keys.map { $0 } ?? []) == ["time", "output", "value", "pattern", "at"] })
        // The wall-clock stamp never goes backwards.
        let stamps = records.compactMap(\.at)
        #expect(stamps.count == records.count && stamps == stamps.sorted())
        // Safe state first (4 outputs), the heartbeat, then success, the beep's end, and the safe state at stop.
        #expect(records.prefix(4).allSatisfy { $0.value == 0 && $0.pattern == "safe-state" })
        let unstamped = records.map { SimulatedBackend.Record(time: $0.time, output: $0.output, value: $0.value, pattern: $0.pattern) }
        #expect(unstamped.contains(SimulatedBackend.Record(time: 0, output: "buzzer", value: 1, pattern: "success")))
        #expect(unstamped.contains(SimulatedBackend.Record(time: 0.12, output: "buzzer", value: 0, pattern: "success")))
        #expect(records.suffix(4).allSatisfy { $0.value == 0 && $0.pattern == "safe-state" && $0.time == 0.12 })
    }

    @Test func anUnwritableLogFileTakesEverySimulatedOutputDown() {
        let backend = SimulatedBackend(outputs: [.green], sink: .file("/proc/no-such-dir/indicators.jsonl"))
        let faults = backend.start()
        #expect(faults.map(\.output) == [.green])
        #expect(faults.first?.reason.hasPrefix("cannot open /proc/no-such-dir/indicators.jsonl") == true)
    }

    @Test func theTerminalRendererDrawsColouredGlyphsInPlaceAndRingsOnBeep() throws {
        let frames = FrameLog()
        let renderer = TerminalRenderer(emit: { frames.append($0) })
        _ = renderer.start()
        try renderer.write(OutputWrite(output: .green, on: true, pattern: "success"))
        try renderer.write(OutputWrite(output: .buzzer, on: true, pattern: "success"))
        try renderer.write(OutputWrite(output: .buzzer, on: false, pattern: "success"))
        renderer.stop()

        let all = frames.all
        #expect(all.count == 5)
        #expect(all.allSatisfy { $0.hasPrefix("\r\u{1B}[2K") }, "every frame redraws the same line")
        #expect(all[1] == "\r\u{1B}[2K\u{1B}[1;32m●\u{1B}[0m \u{1B}[2m○\u{1B}[0m \u{1B}[2m○\u{1B}[0m    success")
        #expect(all[2].hasSuffix("♪\u{1B}[0m  success\u{07}"), "bell when the buzzer starts")
        #expect(!all[3].contains("\u{07}"))
        #expect(all[4].hasSuffix("safe-state\n"))
    }

    @Test func aCompositeFansWritesOutToEveryChildWithTheOutput() throws {
        let log = SimulatedBackend(outputs: [.green, .buzzer])
        let panel = SimulatedBackend(outputs: [.green])
        let both = CompositeBackend([log, panel])
        #expect(both.outputs == [.green, .buzzer])
        #expect(both.start().isEmpty)
        try both.write(OutputWrite(output: .green, on: true, pattern: "idle"))
        try both.write(OutputWrite(output: .buzzer, on: true, pattern: "idle"))
        #expect(log.records.filter { $0.pattern == "idle" }.count == 2)
        #expect(panel.records.filter { $0.pattern == "idle" }.count == 1)
    }

    @Test func memoryStaysBoundedAndABoardsFileBackendKeepsNothingInMemory() throws {
        let memory = SimulatedBackend(outputs: [.green])
        for index in 0..<20_000 { try memory.write(OutputWrite(output: .green, on: index.isMultiple(of: 2), pattern: "p\(index)")) }
        #expect((SimulatedBackend.memoryLimit...(2 * SimulatedBackend.memoryLimit)).contains(memory.records.count))
        #expect(memory.records.last?.pattern == "p19999", "the newest write is kept")

        let directory = try TemporaryDirectory()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let board = try BoardProfile.load(path: repository.path + "/boards/sim.json")
        let backend = board.makeBackend(environment: BoardEnvironment(simulationSink: .file(directory.path + "/log.jsonl")))
        #expect(backend.start().isEmpty)
        for _ in 0..<10 { try backend.write(OutputWrite(output: .green, on: true, pattern: "idle")) }
        let simulated = try #require(backend.children.compactMap { $0 as? SimulatedBackend }.first)
        #expect(simulated.records.isEmpty, "the file is the record")
        #expect(try directory.read("log.jsonl").split(separator: "\n").count == 4 + 10, "safe state for the four outputs, then the writes")
    }
}

final class FrameLog: @unchecked Sendable {
    private let lock = NSLock()
    private var frames: [String] = []
    func append(_ frame: String) { lock.withLock { frames.append(frame) } }
    var all: [String] { lock.withLock { frames } }
}
