import Foundation
import MQTT
import Testing
import TestSupport

/// packaging/mosquitto/: the ACL that keeps one box from commanding, configuring, impersonating
/// or reading another, and the broker configuration around it, on a real Mosquitto.
@Suite("Fleet broker ACL and configuration example", .serialized)
struct ACLTests {
    static let packaging = BoxFiles.repository.path + "/packaging/mosquitto"

    /// A password file with the office and two boxes, each password its name reversed.
    static func passwords(in directory: String, users: [String]) throws -> String {
        let path = directory + "/passwd"
        for (index, user) in users.enumerated() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_passwd")
            process.arguments = (index == 0 ? ["-c"] : []) + ["-b", path, user, String(user.reversed())]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        return path
    }

    /// A client named `user`, with its password.
    func client(_ broker: Broker, _ user: String, subscriptions: [String]) throws -> Listener {
        try Listener(port: broker.port, id: user, subscriptions: subscriptions, username: user, password: String(user.reversed()))
    }

    @Test func oneBoxCannotCommandReadOrImpersonateAnother() async throws {
        let directory = NSTemporaryDirectory() + "scanbridge-acl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let passwd = try Self.passwords(in: directory, users: ["office", "BOX-A", "BOX-B"])
        let broker = try Broker(extra: ["allow_anonymous false", "password_file \(passwd)", "acl_file \(Self.packaging)/scanbridge.acl"])
        defer { broker.remove() }
        try await broker.start()

        let office = try client(broker, "office", subscriptions: ["scanbridge/#"])
        let boxA = try client(broker, "BOX-A", subscriptions: ["scanbridge/BOX-A/command", "scanbridge/BOX-B/command", "scanbridge/BOX-B/payments"])
        let boxB = try client(broker, "BOX-B", subscriptions: ["scanbridge/BOX-B/command", "scanbridge/BOX-B/config/set"])
        #expect(await office.waitConnected())
        #expect(await boxA.waitConnected())
        #expect(await boxB.waitConnected())

        // BOX-A tries to command and configure BOX-B and to publish payments and status in its name.
        for topic in ["scanbridge/BOX-B/command", "scanbridge/BOX-B/config/set", "scanbridge/BOX-B/payments", "scanbridge/BOX-B/status",
                      "scanbridge/BOX-B/report", "scanbridge/BOX-B/config/result"] {
            _ = try boxA.link.publish(topic: topic, payload: Array("from BOX-A".utf8))
        }
        // What it may do: its own status, report, results and payments.
        _ = try boxA.link.publish(topic: "scanbridge/BOX-A/status", payload: Array("A is online".utf8))
        _ = try boxA.link.publish(topic: "scanbridge/BOX-A/report", payload: Array("A's day".utf8))
        _ = try boxA.link.publish(topic: "scanbridge/BOX-A/command/result", payload: Array("A did it".utf8))
        _ = try boxA.link.publish(topic: "scanbridge/BOX-A/config/result", payload: Array("A set it".utf8))
        _ = try boxA.link.publish(topic: "scanbridge/BOX-A/payments", payload: Array("A's payment".utf8))
        #expect(await eventually(seconds: 10) { office.messages(on: "scanbridge/BOX-A/payments") == ["A's payment"] })
        #expect(office.messages(on: "scanbridge/BOX-A/status") == ["A is online"])
        #expect(office.messages(on: "scanbridge/BOX-A/report") == ["A's day"])
        #expect(office.messages(on: "scanbridge/BOX-A/command/result") == ["A did it"])
        #expect(office.messages(on: "scanbridge/BOX-A/config/result") == ["A set it"])
        // The office commands BOX-B: only BOX-B hears it.
        _ = try office.link.publish(topic: "scanbridge/BOX-B/command", payload: Array("identify".utf8))
        _ = try office.link.publish(topic: "scanbridge/BOX-B/payments", payload: Array("forged by the office".utf8))
        #expect(await eventually(seconds: 10) { boxB.messages(on: "scanbridge/BOX-B/command") == ["identify"] })
        // Give anything misrouted the same time to arrive (the office's own message came through first).
        try? await Task.sleep(for: .milliseconds(300))
        #expect(!boxB.messages.contains { $0.payload == "from BOX-A" }, "BOX-A could reach BOX-B: \(boxB.messages)")
        #expect(!office.messages.contains { $0.payload == "from BOX-A" }, "BOX-A wrote under BOX-B's name: \(office.messages)")
        #expect(boxA.messages.isEmpty, "BOX-A read BOX-B's commands or payments: \(boxA.messages)")
        #expect(!office.messages.contains { $0.payload == "forged by the office" }, "the office may not write a box's payments")

        // Anonymous clients are refused.
        let stranger = try Listener(port: broker.port, id: "stranger", subscriptions: ["scanbridge/#"])
        #expect(await eventually(seconds: 10) { if case .down = stranger.link.linkState { true } else { false } })
        #expect(stranger.messages.isEmpty)
        for client in [office, boxA, boxB, stranger] { await client.stop() }
    }

    /// The shipped mosquitto.conf, its ports and paths pointed at a temporary directory: a box
    /// connects by certificate on the box listener and cannot pose as another by its client id;
    /// the office reads it with a password on the office listener.
    @Test func theShippedBrokerConfigurationWorksAsDocumented() async throws {
        let tls = try TLSBroker()  // for its certificates (CN=BOX-1) and directory
        defer { tls.remove() }
        let certificates = tls.certificates
        let passwd = try Self.passwords(in: tls.directory, users: ["office"])
        let (boxPort, officePort) = (try Broker.freePort(), try Broker.freePort())
        var text = try String(contentsOfFile: Self.packaging + "/mosquitto.conf", encoding: .utf8)
        for (shipped, here) in [("listener 8883", "listener \(boxPort) 127.0.0.1"), ("listener 8884", "listener \(officePort) 127.0.0.1"),
                                ("persistence true", "persistence false"),
                                ("/etc/mosquitto/scanbridge.acl", Self.packaging + "/scanbridge.acl"), ("/etc/mosquitto/passwd", passwd),
                                ("/etc/mosquitto/fleet-ca.pem", certificates.caFile), ("/etc/mosquitto/broker.pem", certificates.serverCert),
                                ("/etc/mosquitto/broker.key", certificates.serverKey)] {
            #expect(text.contains(shipped), "\(shipped) is in the example")
            text = text.replacingOccurrences(of: shipped, with: here)
        }
        let broker = try Broker(configurationText: text, port: boxPort, directory: tls.directory)
        try await broker.start()
        defer { broker.remove() }

        let office = try Listener(port: officePort, id: "office-tool", subscriptions: ["scanbridge/#"], tls: .init(caFile: certificates.caFile),
                                  username: "office", password: "eciffo")
        #expect(await office.waitConnected(), "\(office.events)")
        // Certificate CN=BOX-1, asking for client id BOX-2: the broker makes it BOX-1.
        let box = try Listener(port: boxPort, id: "BOX-2", subscriptions: [],
                               tls: .init(caFile: certificates.caFile, certificateFile: certificates.clientCert, keyFile: certificates.clientKey))
        #expect(await box.waitConnected(), "\(box.events)")
        _ = try box.link.publish(topic: "scanbridge/BOX-2/status", payload: Array("posing as BOX-2".utf8))
        _ = try box.link.publish(topic: "scanbridge/BOX-1/status", payload: Array("BOX-1 online".utf8))
        #expect(await eventually(seconds: 10) { office.messages(on: "scanbridge/BOX-1/status") == ["BOX-1 online"] })
        try? await Task.sleep(for: .milliseconds(300))
        #expect(office.messages(on: "scanbridge/BOX-2/status").isEmpty)
        #expect(broker.log.contains("as BOX-1 (") && !broker.log.contains("as BOX-2"), "the client id is the certificate's CN: \(broker.log.suffix(800))")
        await box.stop()
        await office.stop()
    }
}
