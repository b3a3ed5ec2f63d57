import Glibc

/// The head office of `scanbridge-demo --fleet`: Debian's Mosquitto on a loopback port of its
/// own, which the demo's agent reports to as box BOX-DEMO, and `scanbridge-fleet status` run
/// against it as an office would.
final class DemoOffice {
    let broker: String
    private let mosquitto: DemoProcess
    private let fleetTool: String

    var statusCommand: String { "\(fleetTool) status --broker \(broker)" }

    private init(broker: String, mosquitto: DemoProcess, fleetTool: String) {
        self.broker = broker
        self.mosquitto = mosquitto
        self.fleetTool = fleetTool
    }

    static func start(in directory: DemoDirectory) throws -> DemoOffice {
        let executable = "/usr/sbin/mosquitto"
        guard access(executable, X_OK) == 0 else { throw DemoError("--fleet needs Mosquitto (apt install mosquitto)") }
        let fleetTool = try DemoProcess.siblingExecutable("scanbridge-fleet")
        // A port of its own, so a broker the machine already runs on 1883 is left alone.
        let port = 18_830 + Int.random(in: 0..<2_000)
        try directory.write("mosquitto.conf", "listener \(port) 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n")
        let mosquitto = DemoProcess(executable: executable, arguments: ["-c", directory.path + "/mosquitto.conf"])
        try mosquitto.start()
        usleep(300_000)
        return DemoOffice(broker: "mqtt://127.0.0.1:\(port)", mosquitto: mosquitto, fleetTool: fleetTool)
    }

    /// `scanbridge-fleet status` once, its table on this terminal. The box publishes its status on
    /// a change at most once a second: the last payment's reaches the broker within that.
    func showStatus() throws {
        usleep(1_500_000)
        _ = "\r\u{1B}[2K\n".withCString { write(STDOUT_FILENO, $0, strlen($0)) }  // below the LED panel's line
        let status = DemoProcess(executable: fleetTool, arguments: ["status", "--broker", broker, "--wait", "1"])
        try status.start()
        status.stop(0)
    }

    func stop() {
        mosquitto.stop(SIGTERM)
    }
}
