import Glibc
import POSIX

/// Tells systemd how the agent is doing, over `$NOTIFY_SOCKET` (sd_notify(3) without linking
/// libsystemd): `READY=1` once the scanner, journal and acquirer are up or known down, `STATUS=`
/// lines a technician sees in `systemctl status`, `WATCHDOG=1` while the main loops are alive,
/// `STOPPING=1` on shutdown. Without a notify socket (run by hand, in tests) it does nothing.
public struct SystemdNotifier: Sendable {
    private let socketPath: String?
    /// Half of `$WATCHDOG_USEC`, as systemd recommends; nil when no watchdog is set.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = SystemdNotifier.processEnvironment()) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if path != nil, let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0 {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    public var isEnabled: Bool { socketPath != nil }

    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    public func status(_ text: String) { send("STATUS=\(text)") }
    public func watchdog() { send("WATCHDOG=1") }
    public func stopping() { send("STOPPING=1\nSTATUS=stopping") }

    /// Sends one datagram; failures are ignored, as sd_notify's are: systemd being away must not
    /// take payments down.
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let socketPath else { return false }
        return UnixDatagram.send(Array(message.utf8), to: socketPath)
    }

    public static func processEnvironment() -> [String: String] {
        var values: [String: String] = [:]
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC"] {
            if let value = getenv(key) { values[key] = String(cString: value) }
        }
        return values
    }
}
