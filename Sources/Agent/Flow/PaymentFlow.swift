import PaymentModel
import Indicators
import Logging
import POSLink
import Scanner
import ServiceLifecycle
import Settlement

/// Joins the stages: every payment code the scanner reports is paired with an order from the
/// amount source (the desk) and handed to the settlement engine; every scan and payment event is
/// shown on the indicators and sent back to the source. Runs until the scanner's event stream ends.
public final class PaymentFlow: Service, Sendable {
    private let scanner: ScannerService
    private let engine: SettlementEngine
    private let paymentEvents: AsyncStream<PaymentEvent>
    private let desk: any AmountSource
    private let show: @Sendable (IndicatorEvent) -> Void
    private let observe: @Sendable (ScanEvent) -> Void
    private let logger: Logger

    /// - Parameters:
    ///   - paymentEvents: the engine's events, in order (the engine yields into the other end).
    ///   - show: where indicator events go (an `IndicatorDriver.send`).
    ///   - observe: every scan event, for the console and the metrics.
    public init(
        scanner: ScannerService, engine: SettlementEngine, paymentEvents: AsyncStream<PaymentEvent>, desk: any AmountSource,
        logger: Logger, show: @escaping @Sendable (IndicatorEvent) -> Void, observe: @escaping @Sendable (ScanEvent) -> Void = { _ in }
    ) {
        self.scanner = scanner
        self.engine = engine
        self.paymentEvents = paymentEvents
        self.desk = desk
        self.show = show
        self.observe = observe
        self.logger = logger
    }

    public func run() async throws {
        // Results go out in the order the engine made them, on their own task, so a slow POS
        // never holds up the next scan.
        let results = Task { [paymentEvents, desk, show] in
            for await event in paymentEvents {
                if let indicator = IndicatorMapping.indicator(for: event.kind) { show(indicator) }
                await desk.deliver(event)
            }
        }
        defer { results.cancel() }
        await withTaskCancellationOrGracefulShutdownHandler {
            for await event in scanner.events {
                observe(event)
                if let indicator = IndicatorMapping.indicator(for: event.kind) { show(indicator) }
                guard case .paymentCode(let code) = event.kind else { continue }
                switch await desk.orderForScan() {
                case .order(let reference):
                    await engine.submit(code: code.digits, masked: code.masked, orderReference: reference)
                case .open(let order):
                    await engine.submit(code: code.digits, masked: code.masked, opening: order)
                case .journalFault(let reason):
                    logger.error("payment code refused: the journal cannot record an order, nothing was sent",
                                 metadata: ["code": "\(code.masked)", "reason": "\(reason)"])
                    show(.deviceFault)
                case .none(let reason):
                    logger.notice("payment code scanned with no amount waiting", metadata: ["code": "\(code.masked)", "reason": "\(reason)"])
                    show(.declined)
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
