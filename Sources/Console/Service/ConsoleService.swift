import Configuration
import Logging
import SerialIO
import ServiceLifecycle
import Settlement

/// The technician console as a swift-service-lifecycle `Service`: owns its tty (raw termios, no
/// getty on that port), reopens it after a hang-up, a USB-gadget unplug or an EIO, and runs one
/// `ConsoleSession` per connection. A DTR drop alone does nothing (CLOCAL); the idle logout
/// covers a technician who walks away.
public final class ConsoleService: Service, Sendable {
    public let port: String
    private let reader: PortReader
    private let host: any ConsoleHost
    private let store: ConfigurationStore
    private let lockout: Lockout
    private let clock: ConsoleClock
    private let wallClock: any WallClock
    private let pinIterations: Int
    private let logger: Logger

    /// - Parameters:
    ///   - port: the console tty (`/dev/ttyGS0`, `/dev/ttyS0`, …); defaults to `console.port`.
    ///   - lockout: wrong-PIN accounting; shared across reconnects.
    ///   - pinIterations: PBKDF2 iterations for PINs set on this console.
    public init(
        host: any ConsoleHost, store: ConfigurationStore, port: String? = nil, baudRate: Int? = nil,
        lockout: Lockout = Lockout(), clock: ConsoleClock = .system, wallClock: any WallClock = SystemWallClock(),
        pinIterations: Int = PinHasher.defaultIterations, reconnect: ReconnectBackoff = ReconnectBackoff(initial: .milliseconds(50), maximum: .seconds(2)),
        logger: Logger = Logger(label: "scanbridge.console")
    ) throws(SerialPortError) {
        let settings = store.settings.console
        let path = port ?? settings.port
        let configuration = PortConfiguration(
            location: .path(path), settings: SerialSettings(baudRate: baudRate ?? settings.baudRate), backend: .termios)
        self.reader = try PortReader(configuration: configuration, backoff: reconnect, role: "console", logger: logger)
        self.port = path
        self.host = host
        self.store = store
        self.lockout = lockout
        self.clock = clock
        self.wallClock = wallClock
        self.pinIterations = pinIterations
        self.logger = logger
    }

    public func run() async throws {
        let (events, continuation) = AsyncStream<ConsoleEvent>.makeStream()
        let interrupts = InterruptSwitch()
        let link = ConsoleLink(continuation: continuation, interrupts: interrupts, reader: reader)
        try reader.start(delegate: link) { continuation.finish() }
        await withTaskCancellationOrGracefulShutdownHandler { [reader] in
            var session: ConsoleSession?
            for await event in events {
                switch event {
                case .connected(let path, let connection):
                    logger.info("console connected", metadata: ["port": "\(path)"])
                    session?.ended = true
                    session = ConsoleSession(port: path, host: host, store: store, lockout: lockout, clock: clock, wallClock: wallClock,
                                             output: PortOutput(reader: reader, connection: connection), interrupts: interrupts,
                                             pinIterations: pinIterations)
                    session?.start()
                case .disconnected(let error):
                    // Whatever was typed, staged or logged in belongs to whoever held the cable:
                    // the half line is never run, staged changes are dropped (not committed), and
                    // the next cable starts logged out.
                    logger.info("console hung up", metadata: [
                        "error": "\(error)", "logged_in": "\(session?.loggedIn ?? false)",
                        "staged_dropped": "\(session?.staged.count ?? 0)",
                    ])
                    session?.ended = true
                    session = nil
                case .bytes(let bytes):
                    await session?.receive(bytes)
                case .tick:
                    session?.tick()
                }
            }
        } onCancelOrGracefulShutdown: { [reader] in
            reader.stop()
        }
        reader.stop()
    }
}

/// Writes to one connection of the console port. A write after its hang-up is dropped: nobody is
/// there to read it, and the next technician must not see the last one's output or prompt.
struct PortOutput: ConsoleOutput {
    let reader: PortReader
    let connection: Int

    func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        try? reader.write(bytes, connection: connection)
    }
}
