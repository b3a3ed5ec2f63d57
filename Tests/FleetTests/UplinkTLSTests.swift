import Fleet
import Foundation
import Journal
import Logging
import MQTT
import Testing
import TestSupport

/// The uplink on a TLS broker that authenticates boxes by certificate: the right certificate
/// connects; a broker signed by a CA the box does not trust, and a box certificate the broker
/// does not trust, are refused, and the console's `status` line says so.
@Suite("Fleet uplink over TLS", .serialized)
struct UplinkTLSTests {
    func uplink(_ tls: TLSBroker, caFile: String, cert: String, key: String, journal: Journal) throws -> FleetUplink {
        var logger = Logger(label: "fleet-test")
        logger.logLevel = .critical
        return try FleetUplink(settings: FleetSettings(
            boxID: "BOX-1", host: "127.0.0.1", port: Int(tls.broker.port), keepalive: .seconds(5),
            tls: MQTTSettings.TLS(caFile: caFile, certificateFile: cert, keyFile: key), version: "test", board: "sim"),
            journal: journal, logger: logger)
    }

    func journal() throws -> (Journal, String) {
        let directory = "/tmp/scanbridge-fleet-journal-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (try Journal(path: directory + "/journal.sqlite"), directory)
    }

    @Test func theRightCertificateConnectsAndTheWrongOnesAreRefusedAndShown() async throws {
        let tls = try TLSBroker()
        defer { tls.remove() }
        try await tls.broker.start()
        let (journal, directory) = try journal()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificates = tls.certificates

        let good = try uplink(tls, caFile: certificates.caFile, cert: certificates.clientCert, key: certificates.clientKey, journal: journal)
        let running = Task { try await good.run() }
        #expect(await eventually(seconds: 10) { good.report.connected })
        #expect(await good.statusLine().hasPrefix("connected (127.0.0.1:\(tls.broker.port), box BOX-1), 0 waiting to export"))
        running.cancel()
        _ = await running.result

        let distrustful = try uplink(tls, caFile: certificates.otherCA, cert: certificates.clientCert, key: certificates.clientKey, journal: journal)
        let second = Task { try await distrustful.run() }
        #expect(await eventually(seconds: 10) { await distrustful.statusLine().hasPrefix("DOWN: TLS failed") })
        #expect(!distrustful.report.connected)
        second.cancel()
        _ = await second.result

        let stranger = try uplink(tls, caFile: certificates.caFile, cert: certificates.strangerCert, key: certificates.strangerKey, journal: journal)
        let third = Task { try await stranger.run() }
        // TLS 1.2 tells the client of the refusal after its handshake: the broker closes before
        // CONNACK. Under load the alert can also arrive during our handshake (TLS failed).
        #expect(await eventually(seconds: 10) {
            let line = await stranger.statusLine()
            return line.hasPrefix("DOWN: closed by the broker before it accepted us") || line.hasPrefix("DOWN: TLS failed")
        })
        let shown = await stranger.statusLine()
        #expect(!stranger.report.connected, "the broker refused the box's certificate: \(shown)")
        print("fleet: a certificate the broker does not trust shows as: \(shown)")
        third.cancel()
        _ = await third.result
    }
}
