import PaymentModel
import Events
import Logging
import POSLink
import Scanner
import ServiceLifecycle
import Settlement

/// Joins the stages: every payment code the scanner reports is paired with an order from the
/// amount source (the desk) and handed to the settlement engine. What happens on the way is
/// published on the event bus, where the indicators, the desk, the console and every other
/// output hear it. Runs until the scanner's event stream ends.
public final class PaymentFlow: Service, Sendable {
    private let scanner: ScannerService
    private let engine: SettlementEngine
    private let desk: any AmountSource
    private let bus: EventBus
    private let logger: Logger

    public init(scanner: ScannerService, engine: SettlementEngine, desk: any AmountSource, bus: EventBus, logger: Logger) {
        self.scanner = scanner
        self.engine = engine
        self.desk = desk
        self.bus = bus
        self.logger = logger
    }

    public func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler {
            for await event in scanner.events {
                bus.publish(.scan(event))
                guard case .paymentCode(let code) = event.kind else { continue }
                switch await desk.orderForScan() {
                case .order(let reference):
                    await engine.submit(code: code.digits, masked: code.masked, orderReference: reference)
                case .open(let order):
                    await engine.submit(code: code.digits, masked: code.masked, opening: order)
                case .journalFault(let reason):
                    logger.error("payment code refused: the journal cannot record an order, nothing was sent",
                                 metadata: ["code": "\(code.masked)", "reason": "\(reason)"])
                    bus.publish(.codeRefused(CodeRefusal(masked: code.masked, reason: .journalFault(reason))))
                case .none(let reason):
                    logger.notice("payment code scanned with no amount waiting", metadata: ["code": "\(code.masked)", "reason": "\(reason)"])
                    bus.publish(.codeRefused(CodeRefusal(masked: code.masked, reason: .noAmount(reason))))
                }
            }
            // The scanner ends its stream just before its own run() returns, so this loop can end
            // first; a service group shutting down in order takes a service that finishes out of
            // turn as a failure (exit 1, the services after it cancelled, not stopped). Wait for
            // this service's turn (or cancellation).
            try? await gracefulShutdown()
        } onCancelOrGracefulShutdown: {}
    }
}
