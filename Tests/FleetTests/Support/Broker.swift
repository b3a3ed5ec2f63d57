import Foundation
import POSIX
import TestSupport

/// A real Mosquitto broker (/usr/sbin/mosquitto, Debian's package) on a free loopback port, with
/// its configuration and log in a temporary directory. No mock: the tests speak to the broker
/// the boxes will speak to.
final class Broker: @unchecked Sendable {  // used from one test at a time
    let directory: String
    private var currentPort: UInt16
    /// The broker's port. Reading it means a client may be configured with it: from then on the
    /// broker never moves to another (a test whose box is set up while the broker is still down).
    var port: UInt16 {
        mayMove = false
        return currentPort
    }
    private let configuration: String
    private let render: (UInt16) -> String
    /// False once clients may know the port (after the first start), or for a configuration
    /// whose ports are fixed: then a port taken by someone else is an error, not a reason to move.
    private var mayMove: Bool
    private var process: Process?

    /// `listener` lines beyond the port (TLS files, `require_certificate`), and broker-wide
    /// lines (`acl_file`, `password_file`); anonymous access unless `extra` says otherwise.
    init(listenerOptions: [String] = [], extra: [String] = ["allow_anonymous true"]) throws {
        directory = NSTemporaryDirectory() + "scanbridge-broker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        currentPort = try Self.freePort()
        configuration = directory + "/mosquitto.conf"
        let (directory, header) = (directory, Self.header)
        render = { port in
            ([header(directory), "per_listener_settings false", "persistence false", "listener \(port) 127.0.0.1"] + listenerOptions + extra)
                .joined(separator: "\n") + "\n"
        }
        mayMove = true
    }

    /// A broker from a whole configuration file's text (the shipped example, paths rewritten);
    /// `port` is the listener to wait for.
    init(configurationText: String, port: UInt16, directory: String) throws {
        self.directory = directory
        currentPort = port
        configuration = directory + "/mosquitto.conf"
        let header = Self.header(directory)
        render = { _ in header + "\n" + configurationText }
        mayMove = false
    }

    /// As whoever runs the tests: a broker started as root would drop to user mosquitto and
    /// could no longer read the keys and logs the test wrote (mode 0600, the test's own).
    private static func header(_ directory: String) -> String {
        let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        return "user \(user)\nlog_dest file \(directory)/broker.log\nlog_type all"
    }

    /// Starts the broker and returns once it listens. A port another test took between
    /// `freePort` and the broker's bind (the suites run in parallel) makes it exit at once: then
    /// it moves to another, as long as no client knows the port yet.
    func start() async throws {
        for _ in 0..<5 {
            try render(currentPort).write(toFile: configuration, atomically: true, encoding: .utf8)
            let started = log.components(separatedBy: " running").count
            let broker = Process()
            broker.executableURL = URL(fileURLWithPath: "/usr/sbin/mosquitto")
            broker.arguments = ["-c", configuration]
            broker.standardOutput = FileHandle.nullDevice
            broker.standardError = FileHandle.nullDevice
            try broker.run()
            let port = currentPort
            let listening = await eventually(seconds: 10) {
                guard broker.isRunning else { return true }
                return log.components(separatedBy: " running").count > started && (try? TCP.connect(port: port))?.closeAfter() == true
            }
            if listening && broker.isRunning {
                process = broker
                mayMove = false
                return
            }
            if broker.isRunning { Glibc.kill(broker.processIdentifier, SIGKILL) }
            _ = await exitStatus(of: broker)
            guard mayMove else { break }
            currentPort = try Self.freePort()
        }
        throw BrokerError.didNotStart(String(log.suffix(2000)))
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
