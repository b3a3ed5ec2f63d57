import Foundation

/// A test PKI made with the openssl CLI, and socat terminating TLS in front of the simulator.
struct TestPKI {
    let directory: URL
    var caCert: String { directory.appendingPathComponent("ca.pem").path }
    var otherCACert: String { directory.appendingPathComponent("other-ca.pem").path }
    var leafCert: String { directory.appendingPathComponent("leaf.pem").path }
    var leafKey: String { directory.appendingPathComponent("leaf.key").path }

    /// A CA, a leaf for 127.0.0.1/localhost signed by it, and an unrelated second CA. P-256 keys:
    /// generating RSA ones would cost seconds per test on a small box, and the TLS key type is not
    /// what is under test.
    static func make() throws -> TestPKI {
        let pki = TestPKI(directory: try makeTemporaryDirectory())
        let path = { (name: String) in pki.directory.appendingPathComponent(name).path }
        for (name, subject) in [("ca", "/CN=scanbridge test CA"), ("other-ca", "/CN=somebody else's CA")] {
            try ProcessRunner.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path("\(name).key"), "-out", path("\(name).pem"),
                                       "-days", "2", "-subj", subject, "-addext", "basicConstraints=critical,CA:TRUE",
                                       "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        }
        try ProcessRunner.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path("leaf.key"), "-out", path("leaf.csr"), "-subj", "/CN=localhost"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".write(toFile: path("leaf.ext"), atomically: true, encoding: .utf8)
        try ProcessRunner.openssl(["x509", "-req", "-in", path("leaf.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
                                   "-out", path("leaf.pem"), "-days", "2", "-extfile", path("leaf.ext")])
        return pki
    }

    /// libcurl's pin format for the leaf's public key: `sha256//<base64 of SHA-256 of the SPKI DER>`.
    func leafPin() throws -> String {
        let pem = try ProcessRunner.openssl(["x509", "-in", leafCert, "-pubkey", "-noout"])
        let der = try ProcessRunner.openssl(["pkey", "-pubin", "-outform", "DER"], stdin: pem)
        let digest = try ProcessRunner.openssl(["dgst", "-sha256", "-binary"], stdin: der)
        return "sha256//" + digest.base64EncodedString()
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// `socat OPENSSL-LISTEN:<port>,cert=…,key=…,verify=0 TCP:127.0.0.1:<backend>`, stopped by `stop()`.
final class TLSTerminator {
    let port: UInt16
    private let process: Process

    init(pki: TestPKI, backendPort: UInt16) async throws {
        port = try RawSockets.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
        process.arguments = [
            "OPENSSL-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork,cert=\(pki.leafCert),key=\(pki.leafKey),verify=0",
            "TCP:127.0.0.1:\(backendPort)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard try await RawSockets.waitUntilAccepting(port: port) else {
            stop()
            throw ProcessRunner.Failure(command: "socat", status: -1, stderr: "did not start listening on \(port)")
        }
    }

    /// SIGKILL, not terminate(): the child inherits the test runner's blocked signal mask
    /// (dispatch worker threads block SIGTERM), so a SIGTERM would stay pending forever.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
