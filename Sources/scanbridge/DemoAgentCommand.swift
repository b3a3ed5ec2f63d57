import Agent
import Antom
import ArgumentParser
import CTermios
import Indicators
import Journal
import Logging
import Money
import Scanner
import Settlement

/// `scanbridge demo-agent`: the whole agent with a fixed price, configured from the command line.
/// The demo runs it as a child process so it can kill and restart it for real. Hidden: boxes use
/// `scanbridge run`.
struct DemoAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-agent", abstract: "The agent with a fixed price, for the demo.", shouldDisplay: false)

    @Option var scanner: String
    @Option var acquirer: String
    @Option var key: String
    @Option var acquirerKey: String
    @Option var journal: String
    @Option var board: String
    @Option var indicatorsFile: String?
    @Option var amount: Int64 = 1250
    @Option var currency: String = "USD"
    @Flag var terminal = false
    @Option var logLevel: Logger.Level = .warning

    func run() async throws {
        // A demo agent outliving its demo would hold the scanner pty and the journal.
        _ = ctermios_exit_with_parent()
        Console.bootstrapLogging(level: logLevel)
        var acquirerPart = AgentConfiguration.AcquirerPart(
            client: AntomConfiguration(
                transport: TransportConfiguration(baseURL: acquirer, connectTimeout: .seconds(1)),
                clientID: "SANDBOX_DEMO", merchant: DemoMerchant.profile, payTimeout: .seconds(3), callTimeout: .seconds(3)),
            privateKeyPath: key, acquirerPublicKeyPath: acquirerKey)
        acquirerPart.client.payTimeout = .seconds(3)
        var policy = SettlementPolicy()
        policy.inquiryInterval = .seconds(1)
        policy.maxInquiries = 8
        policy.cancelBackoff = [.seconds(1)]
        policy.offlineRetryMin = .milliseconds(500)
        policy.offlineRetryMax = .seconds(1)
        var indicators = AgentConfiguration.IndicatorPart(board: try BoardProfile.load(path: board))
        indicators.simulationFile = indicatorsFile
        indicators.drawInTerminal = terminal
        let configuration = AgentConfiguration(
            scanner: AgentConfiguration.ScannerPart(location: .path(scanner), profile: .honeywell),
            acquirer: acquirerPart, journalPath: journal, policy: policy, indicators: indicators)
        let (amount, currency) = (self.amount, self.currency)
        let agent = try Agent(configuration: configuration, makeDesk: { journal in
            FixedPriceDesk(journal: journal, amountMinor: amount, currency: currency)
        }, logger: Logger(label: "scanbridge"))
        try await agent.run()
    }
}

enum DemoMerchant {
    static let profile = MerchantProfile(
        referenceMerchantId: "M-DEMO", merchantName: "Demo Noodles", merchantMCC: "5812", referenceStoreId: "S-DEMO",
        storeName: "Demo Noodles Ginza", storeMCC: "5812", storeTerminalId: "BOX-DEMO")
}

/// Every payment code pays the same amount: a new order per scan (a vending machine, a car park).
struct FixedPriceDesk: OrderDesk {
    let journal: Journal
    let amountMinor: Int64
    let currency: String

    func orderForScan() async -> OrderDeskAnswer {
        let now = SystemWallClock().now()
        let reference = "FIX-\(now)-\(UInt16.random(in: 0...UInt16.max))"
        do {
            try await journal.open(Order(reference: reference, amountMinor: amountMinor, currency: currency, source: "fixed", createdAt: now))
            return .order(reference)
        } catch {
            return .none("\(error)")
        }
    }

    func deliver(_ event: PaymentEvent) async {}
}
