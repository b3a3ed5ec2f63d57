import Foundation
import POSIX
import Synchronization
@testable import MQTT
import Testing
import TestSupport

/// `MQTTLink` against a real Mosquitto on loopback: QoS 1 acknowledgements, the Last Will on a
/// clean stop, reconnecting after the broker restarts, and TLS with client
/// certificates, including the refusals.
@Suite("MQTT link on a real broker", .serialized)
struct MQTTLinkTests {
    final class Recorder: Sendable {
        let events = Mutex<[MQTTLinkEvent]>([])
        func add(_ event: MQTTLinkEvent) { events.withLock { $0.append(event) } }
        var acknowledged: [Int32] {
            events.withLock { $0.compactMap { if case .acknowledged(let id, let code) = $0, code < 0x80 { id } else { nil } } }
        }
        var lastFault: MQTTError? {
            events.withLock { $0.reversed().lazy.compactMap { if case .disconnected(let error) = $0 { error } else { nil } }.first }
        }
        var connections: Int { events.withLock { $0.filter { $0 == .connected }.count } }
    }

    func box(_ port: UInt16, id: String = "BOX-1", tls: MQTTSettings.TLS? = nil, recorder: Recorder) throws -> MQTTLink {
        let will = MQTTSettings.Will(topic: "scanbridge/\(id)/status", payload: Array(#"{"online":false}"#.utf8))
        return try MQTTLink(settings: MQTTSettings(host: "127.0.0.1", port: Int(port), clientID: id, keepalive: .seconds(5), tls: tls, will: will),
                            subscriptions: ["scanbridge/\(id)/command"]) { recorder.add($0) }
    }

    @Test func publishesAtQoS1AndIsAcknowledged() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/payments"])
        #expect(await office.waitConnected())
        let recorder = Recorder()
        let link = try box(broker.port, recorder: recorder)
        try link.start()
        #expect(await eventually(seconds: 10) { link.linkState == .connected })
        var ids: [Int32] = []
        for n in 0..<20 { ids.append(try link.publish(topic: "scanbridge/BOX-1/payments", payload: Array("payment \(n)".utf8))) }
        #expect(await eventually(seconds: 10) { Set(recorder.acknowledged) == Set(ids) }, "every PUBACK comes back with its message id")
        #expect(await eventually(seconds: 10) { office.messages(on: "scanbridge/BOX-1/payments").count == 20 })
        #expect(office.messages(on: "scanbridge/BOX-1/payments") == (0..<20).map { "payment \($0)" }, "in order")
        await link.stop()
        await office.stop()
    }

    /// mosquitto_loop waits in select(2), which refuses a socket numbered 1024 or more; in a
    /// process with many files open (the test runner had) the link never came up. Ours polls.
    @Test func worksWithItsSocketNumberedPast1024() async throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        try #require(limit.rlim_cur > 1200, "needs an open-file limit above 1200 (ulimit -n), have \(limit.rlim_cur)")
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        var held: [FileDescriptor] = []
        defer { for fd in held { fd.close() } }
        while held.count < 1100 { held.append(try FileDescriptor.open("/dev/null", O_RDONLY)) }
        let recorder = Recorder()
        let link = try box(broker.port, recorder: recorder)
        try link.start()
        #expect(await eventually(seconds: 10) { link.linkState == .connected }, "\(recorder.events.withLock { $0 })")
        let id = try link.publish(topic: "scanbridge/BOX-1/payments", payload: [1])
        #expect(await eventually(seconds: 10) { recorder.acknowledged == [id] })
        await link.stop()
    }

    @Test func aCleanStopLeavesTheWillRetained() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let recorder = Recorder()
        let link = try box(broker.port, recorder: recorder)
        try link.start()
        #expect(await eventually(seconds: 20) { link.linkState == .connected }, "\(recorder.events.withLock { $0 }) \(broker.log.suffix(1500))")
        _ = try link.publish(topic: "scanbridge/BOX-1/status", payload: Array(#"{"online":true}"#.utf8), retain: true)
        #expect(await eventually(seconds: 10) { recorder.acknowledged.count == 1 })
        await link.stop()
        #expect(link.linkState == .stopped, "the link's thread ended")
        // A client arriving later reads the retained status: the Will replaced "online".
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/status"])
        #expect(await eventually(seconds: 10) { office.messages(on: "scanbridge/BOX-1/status") == [#"{"online":false}"#] },
                "\(office.messages)")
        await office.stop()
    }

    @Test func reconnectsAfterTheBrokerRestarts() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let recorder = Recorder()
        let link = try box(broker.port, recorder: recorder)
        try link.start()
        #expect(await eventually(seconds: 10) { link.linkState == .connected })
        await broker.kill()
        #expect(await eventually(seconds: 10) { if case .down = link.linkState { true } else { false } })
        #expect(throws: MQTTError.notConnected) { try link.publish(topic: "scanbridge/BOX-1/payments", payload: [1]) }
        try await broker.start()
        #expect(await eventually(seconds: 20) { recorder.connections == 2 }, "back within the backoff (at most 30 s, here a few)")
        _ = try link.publish(topic: "scanbridge/BOX-1/payments", payload: [1])
        #expect(await eventually(seconds: 10) { recorder.acknowledged.count == 1 })
        await link.stop()
    }

    @Test func stopsPromptlyWhileTheBrokerIsUnreachable() async throws {
        let port = try Broker.freePort()  // nothing listens there
        let recorder = Recorder()
        let link = try box(port, recorder: recorder)
        try link.start()
        #expect(await eventually(seconds: 10) { recorder.lastFault != nil })
        #expect(recorder.lastFault == .system(errno: ECONNREFUSED), "\(String(describing: recorder.lastFault))")
        let started = ContinuousClock.now
        await link.stop()
        #expect(link.linkState == .stopped)
        #expect(ContinuousClock.now - started < .seconds(1), "no loop_stop hang (mosquitto#2328)")
    }

    @Test func aFailureBeforeTheConnackIsNamedForWhatItMeans() {
        #expect(MQTTLink.beforeAccepted(.connectionLost, accepted: false, tls: false) == .closedBeforeAccepted)
        #expect(MQTTLink.beforeAccepted(.system(errno: EPROTO), accepted: false, tls: true) == .tls)
        #expect(MQTTLink.beforeAccepted(.system(errno: EPROTO), accepted: false, tls: false) == .system(errno: EPROTO))
        #expect(MQTTLink.beforeAccepted(.system(errno: EPROTO), accepted: true, tls: true) == .system(errno: EPROTO))
        #expect(MQTTLink.beforeAccepted(.system(errno: ECONNREFUSED), accepted: false, tls: true) == .system(errno: ECONNREFUSED))
    }

    @Test func tlsWithAClientCertificateAndTheRefusals() async throws {
        let directory = NSTemporaryDirectory() + "scanbridge-certs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificates = try Certificates(in: directory)
        let tlsBroker = try Broker(listenerOptions: [
            "cafile \(certificates.caFile)", "certfile \(certificates.serverCert)", "keyfile \(certificates.serverKey)",
            "require_certificate true", "use_identity_as_username true", "tls_version tlsv1.2",
        ])
        defer { tlsBroker.remove() }
        try await tlsBroker.start()

        let good = Recorder()
        let link = try box(tlsBroker.port, tls: .init(caFile: certificates.caFile, certificateFile: certificates.clientCert,
                                                      keyFile: certificates.clientKey), recorder: good)
        try link.start()
        #expect(await eventually(seconds: 10) { link.linkState == .connected }, "\(String(describing: good.lastFault))")
        await link.stop()

        // The box does not trust the broker: the handshake fails on our side.
        let wrongCA = Recorder()
        let distrustful = try box(tlsBroker.port, id: "BOX-2", tls: .init(caFile: certificates.otherCA, certificateFile: certificates.clientCert,
                                                                          keyFile: certificates.clientKey), recorder: wrongCA)
        try distrustful.start()
        #expect(await eventually(seconds: 10) { wrongCA.lastFault != nil })
        #expect(wrongCA.lastFault == .tls, "\(String(describing: wrongCA.lastFault))")
        #expect(wrongCA.connections == 0)
        await distrustful.stop()

        // A CA file that is not there: said by name, and the link keeps trying (it may be installed).
        let missing = Recorder()
        let unprovisioned = try box(tlsBroker.port, id: "BOX-4", tls: .init(caFile: "/nonexistent/fleet-ca.pem"), recorder: missing)
        try unprovisioned.start()
        #expect(await eventually(seconds: 10) { missing.lastFault != nil })
        if case .unreadableFile(let path, _) = missing.lastFault { #expect(path == "/nonexistent/fleet-ca.pem") } else {
            Issue.record("\(String(describing: missing.lastFault))")
        }
        await unprovisioned.stop()

        // The broker does not trust the box's certificate.
        let stranger = Recorder()
        let refused = try box(tlsBroker.port, id: "BOX-3", tls: .init(caFile: certificates.caFile, certificateFile: certificates.strangerCert,
                                                                      keyFile: certificates.strangerKey), recorder: stranger)
        try refused.start()
        #expect(await eventually(seconds: 10) { stranger.lastFault != nil })
        #expect(stranger.connections == 0, "refused: \(String(describing: stranger.lastFault))")
        await refused.stop()
    }
}
