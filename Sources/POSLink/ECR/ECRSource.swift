import PaymentModel
import Journal
import Logging
import Money
import SerialIO
import ServiceLifecycle
import Settlement

/// The cash register's link: the POS opens an order, the box arms it, streams its status and
/// sends one final result (docs/POS-PROTOCOL.md). Every order the POS opened is kept in the
/// journal with its result until the POS acknowledges it with `DONE`, so a result that became
/// final while the POS was away, or while the box restarted, is sent again when it reconnects.
///
/// One order is armed at a time (there is one scanner); orders whose payment is still being
/// settled do not block the next one. Whatever a line contains, it only ever gets an answer on
/// the link: a bad line never touches another order.
public actor ECRSource: AmountSource {
    public nonisolated let kind = AmountSourceKind.ecr
    public nonisolated let arming = ArmingSignal()
    public nonisolated let settings: ECRSettings
    let journal: Journal
    let movements: (any MoneyMovements)?
    let clock: any WallClock
    let logger: Logger
    nonisolated let transport: any LinkTransport

    /// The armed order, or the one a scanned code is paying.
    var current: OpenOrder?
    /// The connected POS (TCP peer or serial port), for the status line.
    var peer: String?
    /// The connection replies go to; nil while no POS is connected.
    var connection: Int?
    /// Sends to the POS off the actor, while running.
    var writer: LineWriter?
    /// Whether the connected POS presented the token (always true without one).
    var authenticated = false
    /// Wrong tokens on the current connection.
    var authFailuresOnConnection = 0
    /// Wrong tokens (and commands before the token) since start, for the status line and metrics.
    public internal(set) var authenticationFailures = 0

    struct OpenOrder {
        let reference: String
        let amount: Money
        var expiresAt: Int64
        var paying = false
        var state = ECROrderState.waitingForCode
    }

    /// - Parameter movements: for `REFUND` and `CANCEL` of a paid order (the settlement engine,
    ///   which journals them); nil refuses both whatever the settings say.
    public init(settings: ECRSettings, journal: Journal, movements: (any MoneyMovements)?, clock: any WallClock = SystemWallClock(),
                logger: Logger) throws(InvalidSettings) {
        let problems = settings.validate()
        guard problems.isEmpty else { throw InvalidSettings(problems: problems) }
        switch settings.transport {
        case .tcp(let listen, let allowed):
            guard let (host, port) = ECRSettings.split(listen) else { throw InvalidSettings(problems: problems) }
            transport = TCPLink(host: host, port: port, allowedPeers: Set(allowed), maxLineLength: settings.maxLineLength, logger: logger)
        case .serial(let port, let serial):
            do {
                transport = try SerialLink(configuration: PortConfiguration(location: .path(port), settings: serial),
                                           maxLineLength: settings.maxLineLength, logger: logger)
            } catch {
                throw InvalidSettings(problems: [SettingsProblem(key: "ecr.port", "\(error)")])
            }
        }
        self.settings = settings
        self.journal = journal
        self.movements = movements
        self.clock = clock
        self.logger = logger
    }

    /// The TCP port the link listens on once running (the kernel's pick for port 0); nil for serial.
    public nonisolated var listeningPort: UInt16? {
        (transport as? TCPLink)?.boundPort
    }

    public func run() async throws {
        await reconcile()
        // Unbounded: lines are short and answered in order; dropping one would leave the POS waiting.
        let (inputs, continuation) = AsyncStream<LinkEvent>.makeStream()
        let transport = transport
        writer = LineWriter(logger: logger) { text, connection in
            // Closing goes through the writer's queue, after the lines that explain it.
            if text == Self.closeMarker {
                transport.close(connection)
                return true
            }
            return transport.send(text, on: connection)
        }
        defer {
            writer?.stop()
            writer = nil
        }
        try transport.start { continuation.yield($0) }
        await serve(inputs, handle: { await self.handle($0) }, expire: { await self.expireIfDue() }, stop: { continuation.finish() })
        transport.stop()
    }

    // MARK: Scans and settlement events

    public func orderForScan() async -> OrderForScan {
        await expireIfDue()
        guard var order = current else { return .none("no order from the POS") }
        if order.paying { return .none("a payment for \(order.reference) is in progress") }
        order.paying = true
        current = order
        return .order(order.reference)
    }

    public func deliver(_ event: PaymentEvent) async {
        let reference = event.orderReference
        let isCurrent = current?.reference == reference
        if !isCurrent {
            // An order whose payment outlived its turn (a restart, a newer order armed since).
            guard let record = try? await journal.posOrder(reference), record.result == nil else { return }
        }
        switch event.kind {
        case .processing: await update(reference, .processing)
        case .waitingForCustomer: await update(reference, .waitingForCustomer)
        case .queuedOffline: await update(reference, .queuedOffline)
        case .succeeded(let paymentId):
            let amount: Money?
            if let order = current, isCurrent {
                amount = order.amount
            } else {
                amount = (try? await journal.order(reference)).flatMap(Self.money)
            }
            var payer = PayerInfo(wallet: event.wallet)
            if let id = event.attemptID, let attempt = try? await journal.attempt(id) { payer = attempt.payer }
            await finish(reference, .paid(amount, paymentId: paymentId, payer: payer))
        case .declined(let reason, let code): await finish(reference, .declined(reason: reason.rawValue, code: code))
        case .expired: await finish(reference, .other(.expired, reason: "code-expired"))
        case .cancelled: await finish(reference, .other(.cancelled, reason: "outcome-unknown"))
        case .needsAttention: await finish(reference, .other(.needsAttention, reason: "cancel-failed"))
        case .refused(let why), .journalFault(let why):
            // The scan was not taken; the order waits for another code.
            if isCurrent, var order = current {
                order.paying = false
                order.state = .waitingForCode
                current = order
                send(ECRLine("STATUS", [("ref", reference), ("state", "waiting-for-code"), ("note", "scan refused: \(why)")]))
            }
        case .configurationError:
            // Final only when the journal says so (pay refused); during inquiry it is a warning.
            if case .final(let result)? = ECRResult.derive(from: (try? await journal.attempts(order: reference)) ?? []) {
                await finish(reference, result)
            }
        case .duplicateReversed, .reversed:
            break  // the order was paid by another attempt, whose result the POS already has; a reversal answers its own CANCEL
        }
    }

    public func statusText() async -> String {
        let link = peer.map { "POS on \($0)" } ?? "no POS connected"
        guard let order = current else { return "ecr: \(link); no order open" }
        return "ecr: \(link); order \(order.reference) \(order.amount) \(order.paying ? "being paid" : "waiting for a code")"
    }

    // MARK: Order lifecycle

    func update(_ reference: String, _ state: ECROrderState) async {
        if current?.reference == reference { current?.state = state }
        send(state.line(reference: reference))
    }

    /// Journals the final result (until the POS acknowledges it) and sends it.
    func finish(_ reference: String, _ result: ECRResult) async {
        do {
            try await journal.finishPOSOrder(reference, result: result.stored, at: clock.now())
        } catch {
            logger.error("journal refused a POS result; it is sent once only", metadata: ["order": "\(reference)", "error": "\(error)"])
        }
        if current?.reference == reference {
            current = nil
            arming.set(.idle)
        }
        logger.info("POS order finished", metadata: ["order": "\(reference)", "status": "\(result.status.rawValue)"])
        send(result.line(reference: reference))
    }

    func expireIfDue() async {
        guard let order = current, !order.paying, clock.now() >= order.expiresAt else { return }
        await finish(order.reference, .other(.expired, reason: "no-code"))
    }

    /// After a restart: results the journal reached while the box was down are stored for the
    /// POS; an order that was armed is armed again if its time is not up, else it expires.
    func reconcile() async {
        guard let open = try? await journal.undeliveredPOSOrders() else {
            logger.error("journal unreadable: POS orders not resumed")
            return
        }
        let now = clock.now()
        for record in open where record.result == nil {
            let attempts = (try? await journal.attempts(order: record.reference)) ?? []
            switch ECRResult.derive(from: attempts) {
            case .final(let result)?:
                try? await journal.finishPOSOrder(record.reference, result: result.stored, at: now)
            case nil:
                if current == nil, now - record.openedAt < settings.armTimeout.ms,
                   let order = try? await journal.order(record.reference), let amount = Self.money(order) {
                    current = OpenOrder(reference: record.reference, amount: amount, expiresAt: record.openedAt + settings.armTimeout.ms)
                    arming.set(.armed(ArmedAmount(amount: amount, reference: record.reference, note: order.description)))
                } else {
                    try? await journal.finishPOSOrder(record.reference, result: ECRResult.other(.expired, reason: "box-restarted").stored, at: now)
                }
            case .some:
                break  // still being settled: its events finish it
            }
        }
    }

    // MARK: Helpers

    /// Queues a line for the POS. When the source is not running, or the POS is not reading,
    /// it is dropped: every result is in the journal and goes out at the next resynchronisation.
    /// Queued after the last line for a connection the box ends; no line can be a NUL byte.
    static let closeMarker = "\u{0}"

    func send(_ line: ECRLine) {
        // Results and statuses wait in the journal for a POS that has not shown the token.
        guard authenticated || ["HELLO", "ERR", "PONG"].contains(line.verb) else { return }
        guard let connection, writer?.enqueue(line.description, for: connection) == true else {
            logger.debug("line for the POS not sent; kept for resynchronisation", metadata: ["line": "\(line.verb)"])
            return
        }
    }

    static func money(_ order: Order) -> Money? {
        order.amount
    }
}
