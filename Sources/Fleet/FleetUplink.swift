import Events
import Journal
import Logging
import MQTT
import PaymentModel
import ServiceLifecycle
import Synchronization

/// The box's uplink to the head office: an output of the agent (it hears every event) and a
/// service (it runs the MQTT link). It exports the journal (every final payment and refund, at
/// QoS 1, marked exported only on the broker's PUBACK), keeps the retained status up to date,
/// and answers commands. The journal stays the outbox: nothing is only in the broker or in
/// libmosquitto's memory, so an outage, a restart or a SIGKILL loses nothing.
public final class FleetUplink: Service, EventListener, Sendable {
    public let settings: FleetSettings
    public var name: String { "fleet" }
    public var buffer: Int { 256 }

    let journal: Journal
    let host: FleetHost
    let logger: Logger
    let link: MQTTLink
    let topics: Topics
    let box = BoxState()
    let counters = Mutex<(exported: Int, refused: Int)>((0, 0))
    let configurator = Mutex<(@Sendable (ConfigRequest) async -> ConfigResult)?>(nil)
    private let inbox: AsyncStream<Input>
    private let continuation: AsyncStream<Input>.Continuation

    enum Input: Sendable {
        case link(MQTTLinkEvent)
        /// A payment reached a result: there may be a row to export, and the status changed.
        case journalChanged
        case statusChanged
        case tick
    }

    public init(settings: FleetSettings, journal: Journal, host: FleetHost = FleetHost(), logger: Logger) throws(MQTTError) {
        self.settings = settings
        self.journal = journal
        self.host = host
        self.logger = logger
        topics = Topics(box: settings.boxID)
        // Unbounded: a PUBACK must never be dropped (its row would wait for the next connection).
        let (inbox, continuation) = AsyncStream.makeStream(of: Input.self)
        self.inbox = inbox
        self.continuation = continuation
        link = try MQTTLink(settings: settings.broker, subscriptions: [topics.command, topics.configSet]) { event in
            continuation.yield(.link(event))
        }
    }

    public var report: FleetLinkReport {
        let counts = counters.withLock { $0 }
        return FleetLinkReport(link: FleetLinkReport.describe(link.linkState), connected: link.linkState == .connected,
                               exported: counts.exported, refused: counts.refused)
    }

    /// Where `config/set` requests go (the composition root applies them to the configuration
    /// store's fleet layer). Until one is attached, they are refused.
    public func attach(configure: @escaping @Sendable (ConfigRequest) async -> ConfigResult) {
        configurator.withLock { $0 = configure }
    }

    /// Asks the session to publish a dirty status after `delay` (the end of its minimum gap).
    func nudgeStatus(after delay: Duration) {
        let continuation = continuation
        Task {
            try? await Task.sleep(for: delay)
            continuation.yield(.statusChanged)
        }
    }

    // MARK: EventListener

    public func receive(_ event: AgentEvent) async {
        let changed = box.apply(event)
        if case .payment(let payment) = event, BoxState.outcome(payment.kind) != nil {
            continuation.yield(.journalChanged)
        } else if changed {
            continuation.yield(.statusChanged)
        }
    }

    // MARK: Service

    public func run() async throws {
        do {
            try await journal.requireExport(true)
        } catch {
            logger.error("fleet: cannot mark the journal as exported; pruning may delete rows not yet exported", metadata: ["error": "\(error)"])
        }
        do {
            try link.start()
        } catch {
            logger.error("fleet: no thread for the MQTT link", metadata: ["error": "\(error)"])
            return
        }
        logger.notice("fleet uplink starting", metadata: [
            "broker": "\(settings.broker.host):\(settings.broker.port)", "box": "\(settings.boxID)",
            "tls": "\(settings.broker.tls != nil)", "libmosquitto": "\(MQTTLink.libraryVersion)",
        ])
        let (continuation, poll) = (continuation, settings.exportPoll)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: poll)
                continuation.yield(.tick)
            }
        }
        let inbox = inbox
        await withTaskCancellationOrGracefulShutdownHandler {
            var session = FleetSession(uplink: self)
            for await input in inbox { await session.handle(input) }
        } onCancelOrGracefulShutdown: {
            continuation.finish()
        }
        ticker.cancel()
        // DISCONNECT with the Will: the retained status turns `offline`.
        await link.stop()
        logger.notice("fleet uplink stopped")
    }
}
