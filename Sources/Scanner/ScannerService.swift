import Logging
import ScanCode
import SerialIO
import ServiceLifecycle

/// The scanner stage as a long-running service: keeps the scanner port open (reopening it after
/// unplugs), turns its bytes into `ScanEvent`s and publishes them on `events`. Stops on task
/// cancellation or graceful shutdown, closing the port.
public final class ScannerService: Service, Sendable {
    /// Everything the scanner reports, in order. Finishes when the service stops.
    public let events: AsyncStream<ScanEvent>
    public let profile: ScannerProfile
    private let continuation: AsyncStream<ScanEvent>.Continuation
    private let reader: PortReader
    private let duplicateWindow: Duration
    private let logger: Logger

    /// - Parameters:
    ///   - location: where the scanner is; its line settings come from `profile`.
    ///   - duplicateWindow: a payment code read again within this time is ignored.
    public init(
        location: PortConfiguration.Location, profile: ScannerProfile, backend: PortConfiguration.Backend = .automatic,
        duplicateWindow: Duration = .seconds(3), logger: Logger
    ) throws(SerialPortError) {
        let port = PortConfiguration(location: location, settings: profile.serial, backend: backend)
        self.reader = try PortReader(configuration: port, logger: logger)
        self.profile = profile
        self.duplicateWindow = duplicateWindow
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
    }

    public func run() async throws {
        let (stopped, stoppedContinuation) = AsyncStream<Never>.makeStream()
        let logger = logger
        let pipeline = ScanPipeline(profile: profile, duplicateWindow: duplicateWindow) { [continuation] event in
            continuation.yield(event)
            Self.log(event, logger)
        }
        try reader.start(delegate: pipeline) { stoppedContinuation.finish() }
        await withTaskCancellationOrGracefulShutdownHandler {
            for await _ in stopped {}
        } onCancelOrGracefulShutdown: { [reader] in
            reader.stop()
        }
        reader.stop()
        continuation.finish()
    }

    /// True while the scanner port is open.
    public var isConnected: Bool { reader.isConnected }

    /// Starts (`true`) or stops a read on scanners in host-trigger mode; does nothing for
    /// profiles without trigger commands.
    public func trigger(_ on: Bool) throws(SerialPortError) {
        guard let bytes = on ? profile.triggerOn : profile.triggerOff else { return }
        try reader.write(bytes)
    }

    private static func log(_ event: ScanEvent, _ logger: Logger) {
        switch event.kind {
        case .paymentCode(let code):
            logger.info("payment code", metadata: ["code": "\(code.masked)", "kind": "\(code.kind.rawValue)"])
        case .duplicate(let code):
            logger.debug("duplicate payment code ignored", metadata: ["code": "\(code.masked)"])
        case .rejected(let reason, let preview):
            logger.info("not a payment code", metadata: ["reason": "\(reason)", "read": "\(preview)"])
        case .dropped(let reason):
            logger.debug("frame dropped", metadata: ["reason": "\(reason)"])
        case .scannerConnected, .scannerDisconnected:
            break  // the port reader logs these once per outage
        }
    }
}
