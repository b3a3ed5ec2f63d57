import Antom
import PaymentModel
import AntomSimulator
import Logging
import Money
import Synchronization
import TestSupport

/// One in-process simulator on an ephemeral loopback port plus a client pointed at it.
struct SimulatorHarness {
    let simulator: AntomSimulator
    let port: UInt16
    let client: AntomClient
    let transfers: TransferLog
    let logs: LogCapture

    static let merchant = TestMerchant.profile(merchantID: "M-TEST-1")

    /// - Parameters:
    ///   - clientKey: the key the client signs with (the simulator always trusts the box key).
    static func start(passwordInquiries: Int = 2, slowResponseDelay: Duration = .seconds(2), payTimeout: Duration = .seconds(5),
                      clientKey: RSAPrivateKey? = nil, acquirerKey: RSAPublicKey? = nil) async throws -> SimulatorHarness {
        let box = try TestKeys.box.get()
        let sim = try TestKeys.simulator.get()
        let simulator = try AntomSimulator(configuration: SimulatorConfiguration(
            signingKey: sim, boxPublicKey: try box.publicKey(), passwordInquiries: passwordInquiries,
            slowResponseDelay: slowResponseDelay))
        let port = try await simulator.start()
        let (client, transfers, logs) = try makeClient(baseURL: "http://127.0.0.1:\(port)", payTimeout: payTimeout,
                                                       clientKey: clientKey ?? box, acquirerKey: acquirerKey ?? sim.publicKey())
        return SimulatorHarness(simulator: simulator, port: port, client: client, transfers: transfers, logs: logs)
    }

    static func makeClient(baseURL: String, caFile: String? = nil, pin: String? = nil, payTimeout: Duration = .seconds(5),
                           callTimeout: Duration = .seconds(5), keepWarmInterval: Duration = .seconds(20),
                           merchant: MerchantProfile = SimulatorHarness.merchant, clientKey: RSAPrivateKey, acquirerKey: RSAPublicKey) throws -> (AntomClient, TransferLog, LogCapture) {
        let transfers = TransferLog()
        let logs = LogCapture()
        let configuration = AntomConfiguration(
            transport: TransportConfiguration(baseURL: baseURL, caFile: caFile, pinnedPublicKey: pin,
                                              connectTimeout: .seconds(2), keepWarmInterval: keepWarmInterval),
            clientID: "SANDBOX_5Y3A2N2YEB2L01234", merchant: merchant, payTimeout: payTimeout, callTimeout: callTimeout)
        let logger = logs.logger("test.acquirer")
        let client = try AntomClient(configuration: configuration, privateKey: clientKey, acquirerPublicKey: acquirerKey,
                                     logger: logger) { endpoint, stats in transfers.append(endpoint, stats) }
        return (client, transfers, logs)
    }

    func stop() async { await simulator.stop() }

    /// A pay command with a fresh id.
    static func command(code: String, amount: String = "12.34", currency: String = "USD", order: String? = nil) throws -> PayCommand {
        guard let id = RequestID.make(prefix: "T", epochMilliseconds: Timestamp.epochMilliseconds()) else {
            throw HarnessError.invalidRequestID
        }
        return PayCommand(paymentRequestId: id, paymentCode: code, referenceOrderId: order ?? "order-\(id.value)",
                          orderDescription: "2 bowls of ramen", amount: try Money(parsing: amount, currency: Currency(code: currency)))
    }
}

enum HarnessError: Error { case invalidRequestID, invalidURL }

/// Transfer statistics the client reported, in order.
final class TransferLog: Sendable {
    private let entries = Mutex<[(Endpoint, TransferStats)]>([])

    func append(_ endpoint: Endpoint, _ stats: TransferStats) { entries.withLock { $0.append((endpoint, stats)) } }

    var newConnections: [Int] { entries.withLock { $0.map(\.1.newConnections) } }
}
