import Glibc
import Antom
import PaymentModel
import ArgumentParser
import Journal
import Logging
import Settlement

/// `scanbridge-drill`: the settlement engine on its own, paying random orders with random
/// simulator scenarios as fast as it can, for the crash test to kill at random points.
/// Now and then it refunds part of a paid payment, or reverses one, so kills land during refunds
/// and reversals too. `--drain` instead finishes whatever the journal holds (attempts and
/// refunds) and exits. A test tool, not for boxes.
@main
struct DrillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanbridge-drill",
        abstract: "Pay random orders against antom-sim until killed (crash test), or --drain the journal."
    )

    @Option(help: "Journal database path.") var journal: String
    @Option(help: "antom-sim base URL, e.g. http://127.0.0.1:8480.") var acquirer: String
    @Option(help: "The box's private key (PEM, mode 0600).") var key: String
    @Option(help: "The simulator's public key (PEM).") var acquirerKey: String
    @Option(help: "Prefix for this run's order references.") var run: String = "drill"
    @Flag(help: "Finish every unfinished attempt, then exit.") var drain = false

    func run() async throws {
        let client = try AntomClient(
            configuration: AntomConfiguration(
                transport: TransportConfiguration(baseURL: acquirer, connectTimeout: .seconds(1)),
                clientID: "SANDBOX_DRILL",
                merchant: MerchantProfile(referenceMerchantId: "M-DRILL", merchantName: "Drill", merchantMCC: "5812",
                                          referenceStoreId: "S-1", storeName: "Drill Store", storeMCC: "5812", storeTerminalId: "BOX-D"),
                payTimeout: .milliseconds(800), callTimeout: .milliseconds(800)),
            privateKey: try RSAPrivateKey(contentsOfFile: key),
            acquirerPublicKey: try RSAPublicKey(text: String(decoding: try readFile(acquirerKey), as: UTF8.self)),
            logger: Logger(label: "drill.acquirer", factory: { _ in SwiftLogNoOpLogHandler() }))
        let store = try Journal(path: journal)
        var policy = SettlementPolicy()
        policy.inquiryInterval = .milliseconds(40)
        policy.maxInquiries = 6
        policy.cancelBackoff = [.milliseconds(40)]
        policy.offlineRetryMin = .milliseconds(40)
        policy.offlineRetryMax = .milliseconds(80)
        let engine = SettlementEngine(journal: store, acquirer: client, policy: policy, requestIDPrefix: "BOX-D",
                                      logger: Logger(label: "drill", factory: { _ in SwiftLogNoOpLogHandler() }), events: { _ in })
        let service = SettlementService(engine: engine, retention: .seconds(86_400),
                                        logger: Logger(label: "drill", factory: { _ in SwiftLogNoOpLogHandler() }))
        let settling = Task { try await service.run() }
        if drain {
            let deadline = ContinuousClock.now + .seconds(120)
            func left() async throws -> Int { try await store.unfinished().count + store.unfinishedRefunds().count }
            while try await left() > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            settling.cancel()
            let left = try await left()
            print("drained: \(left) unfinished")
            if left > 0 { throw ExitCode(2) }
            return
        }
        var index = 0
        while true {
            index += 1
            let reference = "\(run)-\(index)"
            try await store.open(Order(reference: reference, amountMinor: Int64.random(in: 1...50_000), currency: "USD",
                                       source: "drill", createdAt: SystemWallClock().now()))
            let suffix = Self.scenarios.randomElement() ?? "00"
            let code = "281001" + (0..<16).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix
            await engine.submit(code: code, masked: String(code.prefix(6)), orderReference: reference)
            // Now and then a second scan of the same order: refused while in progress or once paid.
            if Int.random(in: 0..<4) == 0 {
                await engine.submit(code: "281001" + (0..<18).map { _ in String(Int.random(in: 0...9)) }.joined(), masked: "x", orderReference: reference)
            }
            if Int.random(in: 0..<3) == 0 { await moveMoneyBack(engine: engine, journal: store) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...15)))
        }
    }

    /// A refund of part (or the rest) of a recent paid payment, or now and then a reversal.
    /// Not awaited by the loop's pace alone: the kill may land anywhere inside it.
    func moveMoneyBack(engine: SettlementEngine, journal: Journal) async {
        guard let paid = try? await journal.attempts(state: .succeeded, limit: 8).randomElement() else { return }
        if Int.random(in: 0..<5) == 0 {
            _ = await engine.reverse(attemptId: paid.id, source: "drill")
            return
        }
        let left = paid.amountMinor - ((try? await journal.refundedMinor(attemptId: paid.id)) ?? paid.amountMinor)
        guard left > 0 else { return }
        // Now and then more than is left, which the box must refuse before sending.
        let amount = Int.random(in: 0..<6) == 0 ? left + 1 : Int64.random(in: 1...left)
        _ = await engine.refund(attemptId: paid.id, amountMinor: amount, source: "drill", reason: "drill refund")
    }

    /// Success, password flows, pending, declines, dropped connection, HTTP 500, unsigned, forged.
    static let scenarios = ["00", "00", "00", "01", "02", "03", "11", "12", "15", "21", "22", "24", "25"]
}

func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "r") else { throw ValidationError("cannot read \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[..<count]
    }
    return bytes
}
