import Foundation

/// A broker that speaks only TLS 1.2+ and wants a client certificate from the test CA, with the
/// certificates in a directory of their own.
struct TLSBroker {
    let broker: Broker
    let certificates: Certificates
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "scanbridge-certs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        certificates = try Certificates(in: directory)
        broker = try Broker(listenerOptions: [
            "cafile \(certificates.caFile)", "certfile \(certificates.serverCert)", "keyfile \(certificates.serverKey)",
            "require_certificate true", "use_identity_as_username true", "tls_version tlsv1.2",
        ])
    }

    func remove() {
        broker.remove()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
