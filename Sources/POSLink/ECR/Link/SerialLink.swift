import Logging
import SerialIO
import Synchronization

/// The ECR link over a serial port (RS-232 or a USB serial cable to the POS). The port is kept
/// open and reopened after a hang-up by `PortReader`; the POS announces itself with `HELLO`,
/// since a serial line has no "connect" of its own.
final class SerialLink: LinkTransport {
    private let configuration: PortConfiguration
    private let maxLineLength: Int
    private let logger: Logger
    /// A reader per run: a stopped `PortReader` stays stopped, and the source may run again
    /// after being switched away from and back.
    private let reader = Mutex<PortReader?>(nil)
    /// Counts port opens: a line is written only while the port it was meant for is open.
    private let connection = Counter()

    init(configuration: PortConfiguration, maxLineLength: Int, logger: Logger) throws(LinkError) {
        do {
            try configuration.settings.validate()
        } catch {
            throw .serial("\(error)")
        }
        self.configuration = configuration
        self.maxLineLength = maxLineLength
        self.logger = logger
    }

    func start(_ events: @escaping @Sendable (LinkEvent) -> Void) throws(LinkError) {
        do {
            let reader = try PortReader(configuration: configuration, logger: logger)
            try reader.start(delegate: Delegate(maxLineLength: maxLineLength, connection: connection, events: events))
            self.reader.withLock { $0 = reader }
        } catch {
            throw .serial("\(error)")
        }
    }

    func send(_ line: String, on connection: Int) -> Bool {
        guard self.connection.current == connection, let reader = reader.withLock({ $0 }) else { return false }
        do {
            try reader.write(Array((line + "\n").utf8))
            return true
        } catch {
            return false
        }
    }

    func close(_ connection: Int) {}

    func stop() {
        let reader = reader.withLock { value in
            defer { value = nil }
            return value
        }
        reader?.stop()
    }

    /// Frames lines on the reader thread; every call comes from that one thread.
    private final class Delegate: PortReaderDelegate, @unchecked Sendable {
        private var framer: LineFramer
        private let events: @Sendable (LinkEvent) -> Void
        private var path = ""
        private let connection: Counter

        init(maxLineLength: Int, connection: Counter, events: @escaping @Sendable (LinkEvent) -> Void) {
            self.framer = LineFramer(maxLength: maxLineLength)
            self.connection = connection
            self.events = events
        }

        let quietTimeout: Duration? = nil

        func portDidOpen(path: String) {
            self.path = path
            events(.connected(peer: path, connection: connection.next()))
        }

        func portDidClose(_ error: SerialPortError) {
            _ = connection.next()  // nothing more goes to the port that closed
            framer.reset()
            events(.disconnected(peer: path, reason: "\(error)"))
        }

        func portDidReceive(_ bytes: UnsafeRawBufferPointer) {
            framer.feed(bytes) { output in
                switch output {
                case .line(let line): events(.line(line))
                case .oversize: events(.oversize)
                }
            }
        }

        func portWentQuiet() {}
    }
}

/// A number that only goes up, shared between the reader thread and the writer.
final class Counter: Sendable {
    private let value = Mutex(0)

    var current: Int { value.withLock { $0 } }

    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
