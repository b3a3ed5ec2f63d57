import POSIX
import Antom
import Events
import Fleet
import PaymentModel
import Glibc
import Indicators
import Journal
import Logging
import POSLink
import Scanner
import ServiceLifecycle
import Settlement
import Synchronization
import Voice

/// The composition root: builds the scanner, the journal and settlement engine, the acquirer
/// client, the indicators and the flow between them, and runs them as one service group.
/// SIGTERM/SIGINT stop the scanner first (no new scans), let the payment in hand finish, stop
/// settlement (the rest resumes from the journal at the next start) and put every output off
/// last. A failing service stops the group with an error, so systemd restarts the agent.
public final class Agent: Sendable {
    public let journal: Journal
    public let engine: SettlementEngine
    public let scanner: ScannerService
    public let indicators: IndicatorDriver<ContinuousClock>
    public let acquirer: AntomClient
    public let metrics: MetricsRegistry
    /// The speaker, when the box speaks (`voice.enabled`).
    public let speaker: Speaker?
    /// The active amount source; `activate(_:)` switches it live.
    public let amounts: SwitchableAmountSource
    /// The one stream every output hears (`EventListener`s, each on its own bounded buffer).
    public let bus: EventBus
    /// The uplink to the head office (`fleet.enabled`), an output and a service.
    public let fleet: FleetUplink?
    private let services: [any Service]
    private let extraServices = Mutex<[any Service]>([])
    private let listeners: Mutex<[ListenerService]>
    private let armingSubscription: ArmingSignal.Subscription
    private let configuration: AgentConfiguration
    private let notifier: SystemdNotifier
    let logger: Logger

    /// Builds every part. Throws only for what no retry can fix: unreadable keys, a journal that
    /// fails its integrity check, invalid settings. A missing scanner or acquirer is not an error:
    /// the agent starts, shows it, and keeps trying.
    public init(configuration: AgentConfiguration, notifier: SystemdNotifier = SystemdNotifier(), logger: Logger) throws {
        let bus = EventBus()
        self.bus = bus
        self.configuration = configuration
        self.notifier = notifier
        self.logger = logger
        let metrics = MetricsRegistry()
        self.metrics = metrics
        Self.describeMetrics(metrics)

        let privateKey = try RSAPrivateKey(contentsOfFile: configuration.acquirer.privateKeyPath)
        let acquirerKey = try RSAPublicKey(text: try Self.readText(configuration.acquirer.acquirerPublicKeyPath))
        acquirer = try AntomClient(
            configuration: configuration.acquirer.client, privateKey: privateKey, acquirerPublicKey: acquirerKey,
            logger: logger.child("acquirer")) { endpoint, stats in
                metrics.observe("scanbridge_acquirer_seconds", seconds: Double(stats.wallMicroseconds) / 1e6)
                metrics.increment("scanbridge_acquirer_calls_total", labels: ["endpoint": endpoint.rawValue])
            }
        do {
            journal = try Journal(path: configuration.journalPath, maxBytes: configuration.journalMaxBytes)
        } catch {
            throw AgentStartError.journal(path: configuration.journalPath, error)
        }

        let part = configuration.indicators
        var backends: [any IndicatorBackend] = [part.board.makeBackend(environment: BoardEnvironment(
            simulationSink: part.simulationFile.map(SimulatedBackend.Sink.file) ?? .memory))]
        if part.drawInTerminal { backends.append(TerminalRenderer()) }
        indicators = IndicatorDriver(backend: CompositeBackend(backends), book: try part.board.patternBook(configuration: part.patternOverrides),
                                     clock: ContinuousClock(), logger: logger.child("indicators"))

        engine = SettlementEngine(
            journal: journal, acquirer: acquirer, policy: configuration.policy,
            requestIDPrefix: configuration.acquirer.client.merchant.storeTerminalId, logger: logger.child("settlement")) { event in
                bus.publish(.payment(event))
            }
        // After the engine: the POS link refunds and reverses through it, never at the acquirer.
        amounts = SwitchableAmountSource(
            initial: try configuration.amountSource.makeSource(journal: journal, movements: engine, logger: logger.child("amounts")),
            logger: logger.child("amounts"))
        let scannerPart = configuration.scanner
        scanner = try ScannerService(location: scannerPart.location, profile: scannerPart.profile, backend: scannerPart.backend,
                                     duplicateWindow: scannerPart.duplicateWindow, logger: logger.child("scanner"))
        let indicators = indicators
        let flow = PaymentFlow(scanner: scanner, engine: engine, desk: amounts, bus: bus, logger: logger.child("flow"))
        let settlement = SettlementService(engine: engine, retention: configuration.policy.retention, logger: logger.child("settlement"))

        let speaker = configuration.voice.map { Self.makeSpeaker($0, bus: bus, metrics: metrics, logger: logger.child("voice")) }
        self.speaker = speaker
        let journal = journal
        fleet = try configuration.fleet.map { settings in
            try FleetUplink(settings: settings, journal: journal, host: FleetHost(
                outputsDown: {
                    indicators.status.description.split(separator: "\n").filter { $0.contains("DOWN") }.map(String.init)
                        + (speaker?.status.isDown == true ? [speaker?.status.description ?? "voice DOWN"] : [])
                },
                identify: { indicators.send(.identify) },
                restart: { kill(getpid(), SIGTERM) }), logger: logger.child("fleet"))
        }

        // The outputs. A new one is a module with an `EventListener` and one line here.
        let outputs: [(any EventListener)?] = [
            IndicatorOutput(indicators: indicators),
            DeskOutput(desk: amounts),
            MetricsOutput(metrics: metrics),
            speaker.map(VoiceOutput.init),
            fleet,
        ]
        listeners = Mutex((outputs.compactMap { $0 } + configuration.outputs).map { ListenerService($0, on: bus) })

        // After the outputs subscribe: the first call reports the source's state now (a fixed price
        // is armed from the start), and every output must hear it.
        armingSubscription = amounts.arming.observe { arming in
            switch arming {
            case .idle: bus.publish(.desk(.idle))
            case .armed(let armed): bus.publish(.desk(.armed(order: armed.reference, amount: armed.amount)))
            }
        }

        // Shutdown runs in reverse: scanner, flow, amounts, settlement, keep-warm, metrics, the
        // outputs, indicators.
        var services: [any Service] = [indicators]
        if let speaker { services.append(speaker) }
        if let directory = configuration.metricsDirectory {
            let (journal, indicators, acquirer, fleet) = (journal, indicators, acquirer, fleet)
            services.append(TextfileExporter(registry: metrics, directory: directory, interval: configuration.metricsInterval,
                                             logger: logger.child("metrics")) {
                if let unfinished = try? await journal.unfinished() { metrics.set("scanbridge_queue_depth", to: Double(unfinished.count)) }
                if let counts = try? await journal.counts() {
                    metrics.set("scanbridge_payments_needing_attention", to: Double(counts[.needsAttention] ?? 0))
                }
                metrics.set("scanbridge_ecr_auth_failures_total", to: Double(ECRSecurity.authenticationFailures))
                if let refunds = try? await journal.unfinishedRefunds() { metrics.set("scanbridge_refunds_unfinished", to: Double(refunds.count)) }
                metrics.set("scanbridge_outputs_down", to: Double(indicators.status.down.count + (speaker?.status.isDown == true ? 1 : 0)))
                if let voice = speaker?.status {
                    metrics.set("scanbridge_voice_phrases_total", to: Double(voice.phrasesSaid))
                    metrics.set("scanbridge_voice_underruns_total", to: Double(voice.underruns))
                }
                metrics.set("scanbridge_acquirer_link_resets_total", to: Double(acquirer.linkResets))
                ProcessGauges.sample(sqliteBytes: Journal.sqliteMemoryInUse).record(in: metrics)
                if let fleet { await FleetGauges.record(fleet, journal: journal, in: metrics) }
            })
        }
        services.append(KeepWarmService(client: acquirer))
        services.append(settlement)
        services.append(amounts)
        services.append(flow)
        services.append(scanner)
        self.services = services
    }

    /// Adds a service that runs with the agent (the console), shut down before the scanner.
    public func add(_ service: any Service) {
        extraServices.withLock { $0.append(service) }
    }

    /// Adds an output built after the agent (the console, which needs the journal and engine
    /// first). It hears everything published from now on.
    public func add(listener: any EventListener) {
        let service = ListenerService(listener, on: bus)
        listeners.withLock { $0.append(service) }
    }

    /// Events each output lost to a full buffer, by output name.
    public var droppedEvents: [String: Int] { bus.dropped }

    /// Runs until SIGTERM/SIGINT (exits cleanly) or a service fails (throws).
    public func run() async throws {
        // As loaded, not as built: libcurl 7.88 and 8.x differ where a connection drops.
        logger.notice("scanbridge starting", metadata: [
            "libcurl": "\(TransportLibraries.curlVersion)", "libcurlTLS": "\(TransportLibraries.curlTLS)",
            "openssl": "\(TransportLibraries.openSSLVersion)",
        ])
        // Pruning keeps unexported rows only while there is an uplink to export them: a box whose
        // uplink was turned off prunes as before (the uplink sets it again when it starts).
        if fleet == nil {
            do {
                try await journal.requireExport(false)
            } catch {
                logger.error("cannot tell the journal that nothing is exported; pruning keeps unexported rows", metadata: ["error": "\(error)"])
            }
        }
        let unreachable = await acquirer.start()
        let unfinished = (try? await journal.unfinished().count) ?? 0
        let status = "scanner \(configuration.scanner.location), acquirer \(unreachable == nil ? "reachable" : "unreachable"), \(unfinished) payments to finish"
        logger.notice("scanbridge ready", metadata: ["acquirer": "\(unreachable.map { "\($0)" } ?? "reachable")", "unfinished": "\(unfinished)"])
        // The outputs go right after the indicators, so they stop after everything that publishes.
        // Readiness goes last: it starts after the group has trapped SIGTERM, and stops first,
        // so systemd hears STOPPING=1 when the shutdown begins.
        let readiness = SystemdReadiness(notifier: notifier, engine: engine, status: status)
        var all: [any Service] = Array(services.prefix(1))
        all += listeners.withLock { $0 as [any Service] }
        // The uplink's link stops after everything that journals, so the last results go out.
        if let fleet { all.append(fleet) }
        all += services.dropFirst()
        all += extraServices.withLock { $0 }
        all.append(readiness)
        var group = ServiceGroupConfiguration(
            services: all.map { service in
                // The flow ends by itself when the scanner stops, which is how a shutdown reaches it.
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: service, successTerminationBehavior: service is PaymentFlow ? .ignore : .cancelGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownGrace
        try await ServiceGroup(configuration: group).run()
        logger.notice("scanbridge stopped")
    }

    static func readText(_ path: String) throws -> String {
        do throws(WholeFile.Failure) {
            return try WholeFile.text(path)
        } catch {
            throw AgentError.unreadable(path, error.errno.map(\.description) ?? error.description)
        }
    }

    static func describeMetrics(_ metrics: MetricsRegistry) {
        metrics.describe("scanbridge_scans_total", type: "counter", help: "Scanner events by result.")
        metrics.describe("scanbridge_payments_total", type: "counter", help: "Settlement events by outcome.")
        metrics.describe("scanbridge_acquirer_calls_total", type: "counter", help: "Acquirer calls by endpoint.")
        metrics.describe("scanbridge_acquirer_seconds", type: "histogram", help: "Acquirer call latency.")
        metrics.describe("scanbridge_acquirer_link_resets_total", type: "counter",
                         help: "Failed acquirer calls after which the link started again on a new connection.")
        metrics.describe("scanbridge_queue_depth", type: "gauge", help: "Payments not yet final (queued, unknown, being cancelled).")
        metrics.describe("scanbridge_outputs_down", type: "gauge", help: "Outputs (lights, buzzer, voice) that are not working.")
        metrics.describe("scanbridge_voice_start_seconds", type: "histogram", help: "From an event to its phrase's first samples in the sound device.")
        metrics.describe("scanbridge_voice_phrases_total", type: "counter", help: "Phrases the speaker said.")
        metrics.describe("scanbridge_voice_underruns_total", type: "counter", help: "Times the sound device ran dry inside a phrase (a gap in the sound).")
        metrics.describe("scanbridge_payments_needing_attention", type: "gauge",
                         help: "Payments a person must reconcile (unknown past the cancel deadline, or paid twice).")
        metrics.describe("scanbridge_refunds_unfinished", type: "gauge", help: "Refunds sent whose outcome is not known yet.")
        metrics.describe("scanbridge_ecr_auth_failures_total", type: "counter", help: "POS link lines refused for a missing or wrong token.")
        ProcessGauges.describe(in: metrics)
        FleetGauges.describe(in: metrics)
    }
}

public enum AgentError: Error, CustomStringConvertible {
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        }
    }
}

/// Keeps the acquirer connection warm for the life of the agent.
struct KeepWarmService: Service {
    let client: AntomClient
    func run() async throws {
        // keepWarm() ends only when its task is cancelled: a graceful shutdown must cancel it,
        // or the group waits out the whole shutdown grace (15 s) on every SIGTERM and then
        // cancels the services after it (exporter, indicators) instead of stopping them in order.
        await cancelWhenGracefulShutdown { [client] in await client.keepWarm() }
    }
}

extension Logger {
    func child(_ name: String) -> Logger {
        var logger = Logger(label: label + "." + name)
        logger.logLevel = logLevel
        return logger
    }
}
