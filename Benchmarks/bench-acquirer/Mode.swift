import Antom
import PaymentModel
import Logging
import Money
import Synchronization

final class Samples: Sendable {
    let stats = Mutex<[TransferStats]>([])
}

struct ModeResult {
    var name: String
    var latency: [Int64]
    var transportCPU: [Int64]
    var processCPUPerRequest: Int64
    var connections: Int
}

let benchMerchant = MerchantProfile(referenceMerchantId: "M1", merchantName: "Bench", merchantMCC: "5812", referenceStoreId: "S1",
                                    storeName: "Bench store", storeMCC: "5812", storeTerminalId: "T1")

func benchConfiguration(_ transport: TransportConfiguration) -> AntomConfiguration {
    AntomConfiguration(transport: transport, clientID: "SANDBOX_BENCH", merchant: benchMerchant)
}

/// `requests` pays (after 20 unmeasured ones) over one kept-alive connection (`reuse`) or a new
/// connection per request.
func runMode(name: String, reuse: Bool, requests: Int, baseURL: String, caFile: String?,
             boxKey: RSAPrivateKey, simPublic: RSAPublicKey) async throws -> ModeResult {
    let samples = Samples()
    let configuration = benchConfiguration(TransportConfiguration(baseURL: baseURL, caFile: caFile, reuseConnection: reuse))
    var logger = Logger(label: "bench-acquirer")
    logger.logLevel = .warning
    let client = try AntomClient(configuration: configuration, privateKey: boxKey, acquirerPublicKey: simPublic, logger: logger) { _, stats in
        samples.stats.withLock { $0.append(stats) }
    }
    if let failure = await client.start() { throw BenchError.unexpected("warm-up failed: \(failure)") }
    let usd = try Currency(code: "USD")
    var latency: [Int64] = []
    let warmup = 20
    var cpuStart: Int64 = 0
    for index in 0..<(warmup + requests) {
        if index == warmup {
            samples.stats.withLock { $0.removeAll() }
            cpuStart = processCPUMicros()
        }
        let code = "281001" + String(index).leftPad(14) + (reuse ? "10" : "20") + "00"
        guard let id = RequestID("bench-\(name)-\(index)") else { throw BenchError.unexpected("bad request id") }
        let command = PayCommand(paymentRequestId: id, paymentCode: code, referenceOrderId: "order-\(name)-\(index)",
                                 orderDescription: "bench", amount: try Money(minorUnits: 1234, currency: usd))
        var outcome: PaymentOutcome?
        let elapsed = await micros { outcome = await client.pay(command) }
        guard case .success = outcome else { throw BenchError.unexpected("\(String(describing: outcome))") }
        if index >= warmup { latency.append(elapsed) }
    }
    let cpu = (processCPUMicros() - cpuStart) / Int64(requests)
    let stats = samples.stats.withLock { $0 }
    return ModeResult(name: name, latency: latency, transportCPU: stats.map(\.cpuMicroseconds),
                      processCPUPerRequest: cpu, connections: stats.reduce(0) { $0 + $1.newConnections })
}
