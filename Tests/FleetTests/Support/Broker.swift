import Foundation
import POSIX
import TestSupport

/// A real Mosquitto broker (/usr/sbin/mosquitto, Debian's package) on a free loopback port, with
/// its configuration and log in a temporary directory. No mock: the tests speak to the broker
/// the boxes will speak to.
final class Broker: @unchecked Sendable {  // used from one test at a time
    let directory: String
    let port: UInt16
    private let configuration: String
    private var process: Process?

    /// `listener` lines beyond the port (TLS files, `require_certificate`), and broker-wide
    /// lines (`acl_file`, `password_file`); anonymous access unless `extra` says otherwise.
    init(listenerOptions: [String] = [], extra: [String] = ["allow_anonymous true"]) throws {
        directory = NSTemporaryDirectory() + "scanbridge-broker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        configuration = directory + "/mosquitto.conf"
        // As whoever runs the tests: a broker started as root would drop to user mosquitto and
        // could no longer read the keys and logs the test wrote (mode 0600, the test's own).
        let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        let lines = ["user \(user)", "per_listener_settings false", "persistence false", "log_dest file \(directory)/broker.log", "log_type all",
                     "listener \(port) 127.0.0.1"] + listenerOptions + extra
        try (lines.joined(separator: "\n") + "\n").write(toFile: configuration, atomically: true, encoding: .utf8)
    }

    /// Starts the broker and returns once it accepts TCP connections.
    func start() async throws {
        let broker = Process()
        broker.executableURL = URL(fileURLWithPath: "/usr/sbin/mosquitto")
        broker.arguments = ["-c", configuration]
        broker.standardOutput = FileHandle.nullDevice
        broker.standardError = FileHandle.nullDevice
        try broker.run()
        process = broker
        let port = port
        guard await eventually(seconds: 10, { (try? TCP.connect(port: port))?.closeAfter() ?? false }) else {
            throw BrokerError.didNotStart(log)
        }
    }

    /// SIGKILL: the broker vanishes, as a crashed or rebooted one does (persistence is off).
    func kill() async {
        guard let process else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        _ = await exitStatus(of: process)
        self.process = nil
    }

    func restart() async throws {
        await kill()
        try await start()
    }

    var log: String { (try? String(contentsOfFile: directory + "/broker.log", encoding: .utf8)) ?? "" }

    func remove() {
        if let process { Glibc.kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A broker from a whole configuration file's text (the shipped example, paths rewritten);
    /// `port` is the listener to wait for.
    init(configurationText: String, port: UInt16, directory: String) throws {
        self.directory = directory
        self.port = port
        configuration = directory + "/mosquitto.conf"
        let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        try ("user \(user)\nlog_dest file \(directory)/broker.log\nlog_type all\n" + configurationText)
            .write(toFile: configuration, atomically: true, encoding: .utf8)
    }

    static func freePort() throws -> UInt16 {
        let listener = try TCP.listen(port: 0, backlog: 1)
        defer { listener.close() }
        return TCP.boundPort(listener) ?? 0
    }

    enum BrokerError: Error { case didNotStart(String) }
}

extension FileDescriptor {
    fileprivate func closeAfter() -> Bool {
        close()
        return true
    }
}
