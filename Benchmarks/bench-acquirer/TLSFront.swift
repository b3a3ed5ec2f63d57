import Foundation
import POSIX

/// For `--tls`: a throw-away CA and RSA-2048 leaf from the openssl CLI, and socat terminating TLS
/// in front of the simulator, so the cold mode pays for real handshakes.
final class TLSFront {
    let port: UInt16
    let caFile: String
    private let directory: URL
    private let socat: Process

    init(backendPort: UInt16) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-acquirer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        caFile = path("ca.pem")
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", caFile, "-days", "1",
                          "-subj", "/CN=bench CA", "-addext", "basicConstraints=critical,CA:TRUE"])
        try Self.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("leaf.key"), "-out", path("leaf.csr"), "-subj", "/CN=localhost"])
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: path("leaf.ext"), atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", path("leaf.csr"), "-CA", caFile, "-CAkey", path("ca.key"), "-CAcreateserial",
                          "-out", path("leaf.pem"), "-days", "1", "-extfile", path("leaf.ext")])
        port = UInt16.random(in: 40_000...60_000)
        socat = Process()
        socat.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
        socat.arguments = ["OPENSSL-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork,nodelay,cert=\(path("leaf.pem")),key=\(path("leaf.key")),verify=0",
                           "TCP:127.0.0.1:\(backendPort),nodelay"]
        socat.standardError = FileHandle.nullDevice
        try socat.run()
    }

    /// Polls until socat accepts TCP connections (it binds a moment after it starts).
    func waitUntilListening() async throws {
        let end = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end {
            if let fd = try? TCP.connect(port: port) {
                fd.close()
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError.unexpected("socat did not start listening on \(port)")
    }

    /// SIGKILL: a child of a dispatch-using process may inherit a mask that blocks SIGTERM.
    func stop() {
        if socat.isRunning {
            kill(socat.processIdentifier, SIGKILL)
            socat.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError.unexpected("openssl \(arguments.first ?? "") failed") }
    }
}
