import Foundation
import POSIX
import Testing
@testable import Agent

@Suite("systemd integration")
struct SystemdTests {
    /// A real datagram socket standing in for systemd's notify socket.
    @Test func notificationsReachTheNotifySocket() throws {
        let path = NSTemporaryDirectory() + "scanbridge-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let receiver = try UnixDatagram.bind(at: path)
        let fd = receiver.rawValue
        defer { receiver.close(); unlink(path) }

        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"])
        #expect(notifier.isEnabled)
        #expect(notifier.watchdogInterval == .seconds(15))
        notifier.ready(status: "scanner up, acquirer up")
        notifier.watchdog()
        notifier.stopping()

        var received: [String] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        for _ in 0..<3 {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { received.append(String(decoding: buffer[..<count], as: UTF8.self)) }
        }
        #expect(received == ["READY=1\nSTATUS=scanner up, acquirer up", "WATCHDOG=1", "STOPPING=1\nSTATUS=stopping"])
    }

    @Test func withoutANotifySocketNothingIsSent() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(notifier.watchdogInterval == nil)
        #expect(!notifier.send("READY=1"))
    }

    /// The unit in the repo passes `systemd-analyze verify` with no warning, and keeps the
    /// properties the agent relies on.
    @Test func unitFileVerifies() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let unit = try String(contentsOf: repository.appendingPathComponent("packaging/scanbridge.service"), encoding: .utf8)
        for directive in ["Type=notify", "WatchdogSec=", "Restart=always", "User=scanbridge", "StateDirectory=scanbridge",
                          "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                          "ReadWritePaths=-/sys/devices", "ConfigurationDirectoryMode=0750", "SupplementaryGroups=dialout gpio audio"] {
            #expect(unit.contains(directive), "unit lacks \(directive)")
        }
        // A device allow-list by driver name is resolved once, at start: a driver loaded after
        // (coldplug still running, a scanner plugged in later) stays denied. See the unit.
        #expect(!unit.contains("\nDevicePolicy=") && !unit.contains("\nDeviceAllow="))
        // verify insists that ExecStart exists; point it at a real binary for the check.
        let directory = NSTemporaryDirectory() + "scanbridge-unit-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = directory + "/scanbridge.service"
        try unit.replacingOccurrences(of: "/usr/bin/scanbridge", with: "/bin/true").write(toFile: copy, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = ["verify", copy]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(output.isEmpty, "systemd-analyze verify: \(output)")
    }
}
