// bench-acquirer: pay round trips against the in-process simulator on loopback, on one warm
// (kept-alive) connection vs a new connection per request.
//
//   swift run -c release bench-acquirer [requests-per-mode]
//
// Latency is the whole AntomClient.pay (encode, RSA sign, HTTP, verify, decode). Transport CPU
// is getrusage(RUSAGE_THREAD) of the libcurl thread around curl_easy_perform: the part that
// connection reuse changes. Process CPU includes the in-process simulator, so read it as a total.
import Antom
import AntomSimulator
import Glibc
import Logging
import Money
import Synchronization

final class Samples: Sendable {
    let stats = Mutex<[TransferStats]>([])
}

func processCPUMicros() -> Int64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return (Int64(usage.ru_utime.tv_sec) + Int64(usage.ru_stime.tv_sec)) * 1_000_000
        + Int64(usage.ru_utime.tv_usec) + Int64(usage.ru_stime.tv_usec)
}

func percentile(_ values: [Int64], _ p: Double) -> Int64 {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
}

struct ModeResult {
    var name: String
    var latency: [Int64]
    var transportCPU: [Int64]
    var processCPUPerRequest: Int64
    var connections: Int
}

func runMode(name: String, reuse: Bool, requests: Int, port: UInt16, boxKey: RSAPrivateKey, simPublic: RSAPublicKey) async throws -> ModeResult {
    let samples = Samples()
    let merchant = MerchantProfile(referenceMerchantId: "M1", merchantName: "Bench", merchantMCC: "5812", referenceStoreId: "S1",
                                   storeName: "Bench store", storeMCC: "5812", storeTerminalId: "T1")
    let configuration = AntomConfiguration(
        transport: TransportConfiguration(baseURL: "http://127.0.0.1:\(port)", reuseConnection: reuse),
        clientID: "SANDBOX_BENCH", merchant: merchant)
    var logger = Logger(label: "bench-acquirer")
    logger.logLevel = .warning
    let client = try AntomClient(configuration: configuration, privateKey: boxKey, acquirerPublicKey: simPublic, logger: logger) { _, stats in
        samples.stats.withLock { $0.append(stats) }
    }
    await client.start()
    let usd = try Currency(code: "USD")
    var latency: [Int64] = []
    let warmup = 20
    var cpuStart: Int64 = 0
    for index in 0..<(warmup + requests) {
        if index == warmup {
            samples.stats.withLock { $0.removeAll() }
            cpuStart = processCPUMicros()
        }
        let code = "281001" + String(100_000_000_000 + index * 100 + (reuse ? 0 : 50_000_000)).leftPad(16) + "00"
        guard let id = RequestID("bench-\(name)-\(index)") else { throw BenchError.unexpected("bad request id") }
        let command = PayCommand(paymentRequestId: id, paymentCode: code,
                                 referenceOrderId: "order-\(name)-\(index)", orderDescription: "bench", amount: try Money(minorUnits: 1234, currency: usd))
        let start = ContinuousClock.now
        let outcome = await client.pay(command)
        let elapsed = ContinuousClock.now - start
        guard case .success = outcome else { throw BenchError.unexpected("\(outcome)") }
        if index >= warmup {
            latency.append(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
        }
    }
    let cpu = (processCPUMicros() - cpuStart) / Int64(requests)
    let stats = samples.stats.withLock { $0 }
    return ModeResult(name: name, latency: latency, transportCPU: stats.map(\.cpuMicroseconds),
                      processCPUPerRequest: cpu, connections: stats.reduce(0) { $0 + $1.newConnections })
}

enum BenchError: Error { case unexpected(String) }

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

let requests = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1000
let boxKey = try KeyGenerator.generate()
let simKey = try KeyGenerator.generate()
let simulator = try AntomSimulator(configuration: SimulatorConfiguration(signingKey: simKey, boxPublicKey: try boxKey.publicKey(),
                                                                         supportedCurrencies: ["USD"]))
let port = try await simulator.start()
let warm = try await runMode(name: "warm", reuse: true, requests: requests, port: port, boxKey: boxKey, simPublic: try simKey.publicKey())
let cold = try await runMode(name: "cold", reuse: false, requests: requests, port: port, boxKey: boxKey, simPublic: try simKey.publicKey())
await simulator.stop()

print("bench-acquirer: \(requests) pays per mode, HTTP on loopback, in-process antom-sim")
print("mode   latency p50   p99      transport CPU p50   p99    process CPU/req   new connections")
for result in [warm, cold] {
    let line = [
        result.name.padding(6),
        "\(percentile(result.latency, 0.5)) µs".padding(13), "\(percentile(result.latency, 0.99)) µs".padding(9),
        "\(percentile(result.transportCPU, 0.5)) µs".padding(20), "\(percentile(result.transportCPU, 0.99)) µs".padding(7),
        "\(result.processCPUPerRequest) µs".padding(18), "\(result.connections)",
    ]
    print(line.joined(separator: " "))
}
func ratio(_ a: Int64, _ b: Int64) -> String {
    guard b > 0 else { return "n/a" }
    let tenths = (a * 10 + b / 2) / b
    return "\(tenths / 10).\(tenths % 10)×"
}
print("cold/warm: latency p50 \(ratio(percentile(cold.latency, 0.5), percentile(warm.latency, 0.5))), "
      + "transport CPU p50 \(ratio(percentile(cold.transportCPU, 0.5), percentile(warm.transportCPU, 0.5))), "
      + "process CPU \(ratio(cold.processCPUPerRequest, warm.processCPUPerRequest))")

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
