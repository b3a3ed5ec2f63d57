import Settlement
import SerialIO

/// `amount-source = ecr`: the POS (cash register) opens each order over a line protocol
/// (docs/POS-PROTOCOL.md), on a serial port or a TCP listener.
public struct ECRSettings: Hashable, Sendable {
    public var transport: Transport
    /// An order no code has paid within this time ends `expired`.
    public var armTimeout: Duration
    /// Whether the POS may ask for refunds of orders it was paid for.
    public var refundsEnabled: Bool
    /// Where the business day of `REPORT` begins (`journal.report-day-start`).
    public var reportDay: ReportDay
    /// The box's name in `HELLO` (the terminal id), so a POS wired to several boxes can tell them apart.
    public var boxName: String
    /// Longest accepted line, terminator included; longer lines get `ERR code=too-long`.
    public var maxLineLength: Int
    /// Results not acknowledged with `DONE` are resent on every reconnect for orders opened
    /// within this time, so a POS that never sends `DONE` does not get an ever longer replay.
    public var resyncWindow: Duration
    /// The shared secret the POS must present (`AUTH token=…`, or `HELLO token=…`) before any
    /// other command; nil keeps the link open to whoever may connect (loopback only, see `validate`).
    public var token: String?
    /// Wrong tokens (or commands before the token) one connection may send before it is closed.
    public var maxAuthTries: Int

    public enum Transport: Hashable, Sendable {
        /// Listen on `host:port`, e.g. "0.0.0.0:4100"; `allowedPeers` (IP addresses) may
        /// connect, or anyone when empty.
        case tcp(listen: String, allowedPeers: [String])
        /// A serial port: device path or udev symlink, and its line settings.
        case serial(port: String, settings: SerialSettings)
    }

    public init(transport: Transport, armTimeout: Duration = .seconds(180), refundsEnabled: Bool = false,
                boxName: String = "scanbridge", maxLineLength: Int = 512, resyncWindow: Duration = .seconds(24 * 3600),
                token: String? = nil, maxAuthTries: Int = 3, reportDay: ReportDay = ReportDay()) {
        self.reportDay = reportDay
        self.token = token
        self.maxAuthTries = maxAuthTries
        self.transport = transport
        self.armTimeout = armTimeout
        self.refundsEnabled = refundsEnabled
        self.boxName = boxName
        self.maxLineLength = maxLineLength
        self.resyncWindow = resyncWindow
    }

    public func validate() -> [SettingsProblem] {
        var check = SettingsCheck()
        switch transport {
        case .tcp(let listen, _):
            if let (host, _) = Self.split(listen) {
                // Any device on the shop's LAN could otherwise set the next customer's amount.
                if token == nil, !Self.isLoopback(host) {
                    check.fail("ecr.token", "is required to listen beyond loopback (\(host)): set amount.ecr.token, or listen on 127.0.0.1")
                }
            } else {
                check.fail("ecr.listen", "expected HOST:PORT, e.g. 0.0.0.0:4100 or [::]:4100")
            }
        case .serial(let port, let settings):
            if port.isEmpty { check.fail("ecr.port", "is required (e.g. /dev/ttyUSB1)") }
            do {
                try settings.validate()
            } catch {
                check.fail("ecr.serial", "\(error)")
            }
        }
        if let token, token.isEmpty { check.fail("ecr.token", "must not be empty") }
        if !(1...10).contains(maxAuthTries) { check.fail("ecr.auth-tries", "must be 1 to 10") }
        check.positive(armTimeout, key: "ecr.arm-timeout")
        check.positive(resyncWindow, key: "ecr.resync-window")
        if !(128...4096).contains(maxLineLength) { check.fail("ecr.max-line", "must be 128 to 4096 bytes") }
        if boxName.isEmpty || !boxName.utf8.allSatisfy(OrderReference.isAllowed) {
            check.fail("ecr.box-name", "must be letters, digits or - _ . / # :")
        }
        return check.problems
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// "0.0.0.0:4100" → ("0.0.0.0", 4100); "[::1]:4100" → ("::1", 4100).
    static func split(_ address: String) -> (host: String, port: UInt16)? {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else { return nil }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}
