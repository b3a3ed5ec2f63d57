// End-to-end benchmark: the agent as it runs on a box (`scanbridge demo-agent`, its own process)
// between a simulated scanner on a pseudo-terminal and the Antom simulator on loopback.
//
//   scan-to-wire:  last byte of a frame written into the scanner pty → the signed pay request
//                  fully received by the acquirer (journal record fsynced first), stamped when
//                  its last byte comes off the socket (a relay in front of the simulator), so
//                  the simulator's own HTTP stack is not counted
//   scan-to-light: the same start → the first indicator write of the success pattern
//   cold start:    process spawned → READY=1 on $NOTIFY_SOCKET
//   RSS:           idle, and after the payments (must not grow)
// and, in the same run, scan-to-wire of a plain Python bridge (pyserial + requests +
// cryptography, no journal) as the baseline.
//
//   swift build -c release --product scanbridge && swift run -c release bench-e2e [payments] [light samples]
import POSIX
import Antom
import PaymentModel
import AntomSimulator
import FaultProxy
import Foundation
import Glibc
import ScannerSimulator
import Synchronization

let payments = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 300
/// Customers come seconds apart; a success stays on for its 2 s hold and a newer success waits
/// for it, so the light is timed on payments spaced like real ones.
let lightSamples = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? min(20, payments)
let build = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scanbridge-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

func wallMicros() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
}

final class Arrivals: Sendable {
    private let times = Mutex<[String: Int64]>([:])
    func record(_ code: String, _ at: Int64) { times.withLock { $0[code] = at } }
    func take(_ code: String) -> Int64? { times.withLock { $0.removeValue(forKey: code) } }
}

/// Waits (spinning lightly) for `condition` to give a value; nil after `seconds`.
func poll<T>(seconds: Double = 10, _ condition: () -> T?) -> T? {
    let deadline = wallMicros() + Int64(seconds * 1e6)
    while wallMicros() < deadline {
        if let value = condition() { return value }
        usleep(100)
    }
    return nil
}

/// Failures go to stderr at once: stdout is buffered and lost if the run then dies.
func fail(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func rss(_ pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return -1 }
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}

func code(_ index: Int) -> String {
    let digits = String(index)
    return "28100102" + String(repeating: "0", count: 14 - digits.count) + digits + "00"
}

// Keys and the acquirer.
let boxKey = directory + "/box.pem", simKey = directory + "/sim.pem"
let boxPublic = try KeyGenerator.generate(writingTo: boxKey)
let simPublic = try KeyGenerator.generate(writingTo: simKey)
try simPublic.pem.write(toFile: directory + "/sim.pub.pem", atomically: true, encoding: .utf8)
let arrivals = Arrivals()
let simulator = try AntomSimulator(
    configuration: SimulatorConfiguration(signingKey: try RSAPrivateKey(contentsOfFile: simKey), boxPublicKey: try RSAPublicKey(text: boxPublic.pem)),
    payObserver: { code, at in arrivals.record(code, at) })
// No faults planned: the proxy only stamps each request as its last byte arrives.
let wireTap = try FaultProxy(upstreamPort: UInt16(try await simulator.start()))
wireTap.start()
let acquirer = "http://127.0.0.1:\(wireTap.port)"

/// Scans `code` with the tap's log empty, so the only pay it logs next is this one's.
func scan(_ code: String, on scanner: ScriptedScanner) throws -> Int64 {
    wireTap.clearLog()
    try scanner.scan(code, aim: "]C0")
    return wallMicros()
}

/// When the pay for `code` came off the socket, or nil if it never came. The tap logs a request
/// once its answer has gone back, after the simulator saw it. A pay sent twice is a failure.
func wireArrival(of code: String) -> Int64? {
    guard poll({ arrivals.take(code) }) != nil else { return nil }
    guard let stamp = poll({ wireTap.log.last { $0.endpoint == .pay }?.receivedAtMicros }) else { return nil }
    let pays = wireTap.log.filter { $0.endpoint == .pay }.count
    if pays != 1 { fail("one scan, \(pays) pay requests on the wire") }
    return stamp
}

// The agent, with systemd's notify socket to time its start.
let notifyPath = directory + "/notify.sock"
let notify = try UnixDatagram.bind(at: notifyPath).rawValue

let scanner = try ScriptedScanner()
let agent = Process()
// SCANBRIDGE_AGENT picks another build, e.g. the static one scripts/package makes.
agent.executableURL = ProcessInfo.processInfo.environment["SCANBRIDGE_AGENT"].map(URL.init(fileURLWithPath:))
    ?? build.appendingPathComponent("scanbridge")
agent.arguments = ["demo-agent", "--scanner", scanner.path, "--acquirer", acquirer, "--key", boxKey, "--acquirer-key", directory + "/sim.pub.pem",
                   "--journal", directory + "/journal.sqlite", "--board", repository.appendingPathComponent("boards/sim.json").path,
                   "--indicators-file", directory + "/indicators.jsonl", "--log-level", "critical"]
agent.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": notifyPath]) { $1 }
let spawned = wallMicros()
try agent.run()
var buffer = [UInt8](repeating: 0, count: 512)
var ready = false
while !ready {
    let count = recv(notify, &buffer, buffer.count, 0)
    ready = count > 0 && String(decoding: buffer[..<count], as: UTF8.self).contains("READY=1")
}
let coldStart = Double(wallMicros() - spawned) / 1000
usleep(300_000)
let idleRSS = rss(agent.processIdentifier)

let indicators = FileHandle(forReadingAtPath: directory + "/indicators.jsonl")
func successLight(after start: Int64) -> Int64? {
    guard let data = try? indicators?.readToEnd(), !data.isEmpty else { return nil }
    for line in data.split(separator: UInt8(ascii: "\n")) {
        guard let record = try? JSONDecoder().decode(IndicatorRecord.self, from: Data(line)),
              record.pattern == "success", record.value == 1, let at = record.at, at >= start else { continue }
        return at
    }
    return nil
}
struct IndicatorRecord: Decodable { let pattern: String; let value: Int; let at: Int64? }

/// The timing loops spin on the wall clock: run them on a thread of their own so the in-process
/// simulator keeps the cooperative threads to itself.
final class Results: @unchecked Sendable { var wire: [Double] = [], light: [Double] = [], python: [Double] = [], busyRSS = 0 }
let results = Results()
await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
    let started = DedicatedThread.detached(name: "bench-measure") {
        do {
            try measure(results)
        } catch {
            fail("benchmark failed: \(error)")
        }
        done.resume()
    }
    if !started { fail("cannot start the measuring thread") }
}
let (wire, light, python, busyRSS) = (results.wire, results.light, results.python, results.busyRSS)

func measure(_ results: Results) throws {
    var wire: [Double] = [], light: [Double] = []
    // The light first, on customers 4 s apart: a success stays on for its 2 s hold and the next one
    // waits for it, so the fast burst below would leave a queue of notices behind it.
    for index in 0..<lightSamples {
        let code = code(500_000 + index)
        let start = try scan(code, on: scanner)
        var seen: Int64?
        _ = poll { () -> Bool? in seen = successLight(after: start); return seen.map { _ in true } }
        if let seen { light.append(Double(seen - start) / 1000) }
        _ = arrivals.take(code)
        usleep(4_000_000)
    }
    for index in 0..<payments {
        let code = code(index)
        let start = try scan(code, on: scanner)
        guard let arrived = wireArrival(of: code) else { fail("payment \(index) never reached the acquirer"); return }
        wire.append(Double(arrived - start) / 1000)
        usleep(20_000)  // let the agent go idle: one customer at a time
    }
    let busyRSS = rss(agent.processIdentifier)
    agent.terminate()
    agent.waitUntilExit()

    // The Python bridge, on its own scanner pty.
    var python: [Double] = []
    let pyScanner = try ScriptedScanner()
    let bridge = Process()
    bridge.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    bridge.arguments = ["python3", repository.appendingPathComponent("Benchmarks/python-bridge/bridge.py").path,
                        "--port", pyScanner.path, "--acquirer", acquirer, "--key", boxKey]
    let bridgeOut = Pipe()
    bridge.standardOutput = bridgeOut
    do {
        try bridge.run()
        _ = bridgeOut.fileHandleForReading.availableData  // "ready"
        for index in 0..<min(payments, 1000) {
            let code = code(1_000_000 + index)
            let start = try scan(code, on: pyScanner)
            guard let arrived = wireArrival(of: code) else { fail("python payment \(index) never arrived"); break }
            python.append(Double(arrived - start) / 1000)
            usleep(20_000)
        }
        bridge.terminate()
    } catch {
        print("python bridge not run: \(error) (pip install pyserial requests cryptography)")
    }
    results.wire = wire; results.light = light; results.python = python; results.busyRSS = busyRSS
}
wireTap.stop()
await simulator.stop()

func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
print("end to end, \(payments) payments, agent = scanbridge demo-agent (release), acquirer = antom-sim on loopback")
print("  scan-to-wire   agent  p50 \(ms(percentile(wire, 0.5)))  p99 \(ms(percentile(wire, 0.99)))")
if !python.isEmpty {
    print("  scan-to-wire   python p50 \(ms(percentile(python, 0.5)))  p99 \(ms(percentile(python, 0.99)))  (no journal)")
    print("  python / agent at p50: \(String(format: "%.1f", percentile(python, 0.5) / percentile(wire, 0.5)))×, at p99: \(String(format: "%.1f", percentile(python, 0.99) / percentile(wire, 0.99)))×")
}
if !light.isEmpty { print("  scan-to-light  agent  p50 \(ms(percentile(light, 0.5)))  max \(ms(light.max() ?? 0))  (\(light.count) payments 4 s apart)") }
print("  cold start to READY=1: \(ms(coldStart))")
print("  RSS idle \(idleRSS) kB, after \(payments) payments \(busyRSS) kB (\(busyRSS - idleRSS >= 0 ? "+" : "")\(busyRSS - idleRSS) kB)")
