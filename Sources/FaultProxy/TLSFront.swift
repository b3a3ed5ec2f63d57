import Foundation
import POSIX

/// TLS in front of the proxy (or anything on loopback), for the wrong-certificate fault: socat
/// terminates TLS with a certificate for 127.0.0.1 and relays plain TCP to `upstreamPort`.
///
/// It makes two CAs: `trustedCAFile`, the one the box is configured to trust (its `caFile`),
/// and an impostor. `.genuine` presents a leaf from the trusted CA (the control: payments go
/// through); `.impostor` presents one from the impostor CA, as a man in the middle or a
/// mis-provisioned endpoint would, and the box must refuse the handshake before sending anything.
///
/// ```swift
/// let front = try await TLSFront(upstreamPort: proxy.port, directory: dir, presenting: .impostor)
/// // client: baseURL "https://127.0.0.1:\(front.port)", caFile front.trustedCAFile
/// front.stop()
/// ```
/// Needs `/usr/bin/openssl` and `/usr/bin/socat`.
public final class TLSFront: @unchecked Sendable {  // immutable after init; Process is thread-safe to kill
    public enum Certificate: Sendable { case genuine, impostor }
    /// The leaf's key. P-256 by default: RSA generation would cost seconds on a small box, and
    /// the key type is not under test. bench-acquirer's cold mode wants RSA-2048, what Antom's
    /// gateways present, because it measures the handshakes themselves.
    public enum LeafKey: Sendable { case p256, rsa2048 }

    public let port: UInt16
    public let trustedCAFile: String
    private let process: Process

    public init(upstreamPort: UInt16, directory: String, presenting certificate: Certificate, leafKey: LeafKey = .p256) async throws {
        let path = { (name: String) in directory + "/" + name }
        for (name, subject) in [("trusted-ca", "/CN=scanbridge trusted CA"), ("impostor-ca", "/CN=impostor CA")] {
            try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                              "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", subject,
                              "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        }
        let issuer = certificate == .genuine ? "trusted-ca" : "impostor-ca"
        let newKey = leafKey == .p256 ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] : ["-newkey", "rsa:2048"]
        try Self.openssl(["req"] + newKey + ["-nodes", "-keyout", path("leaf.key"), "-out", path("leaf.csr"), "-subj", "/CN=localhost"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".write(toFile: path("leaf.ext"), atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", path("leaf.csr"), "-CA", path("\(issuer).pem"), "-CAkey", path("\(issuer).key"),
                          "-CAcreateserial", "-out", path("leaf.pem"), "-days", "2", "-extfile", path("leaf.ext")])
        trustedCAFile = path("trusted-ca.pem")

        let probe: FileDescriptor
        do throws(SocketError) {
            probe = try TCP.listen(port: 0, listening: false)
        } catch {
            throw FaultProxyError(error)
        }
        port = TCP.boundPort(probe) ?? 0
        probe.close()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
        process.arguments = [
            "OPENSSL-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork,nodelay,cert=\(path("leaf.pem")),key=\(path("leaf.key")),verify=0",
            "TCP:127.0.0.1:\(upstreamPort),nodelay",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<500 {
            if let fd = try? TCP.connect(host: "127.0.0.1", port: port) {
                fd.close()
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        stop()
        throw FaultProxyError(call: "socat listening on \(port)", errno: ETIMEDOUT)
    }

    /// SIGKILL, not terminate(): a child of a test runner inherits a signal mask with SIGTERM
    /// blocked (dispatch's worker threads block it), so a SIGTERM could stay pending forever.
    /// socat's per-connection children go first: one still serving a kept-alive connection
    /// would outlive its parent and keep `waitUntilExit` waiting.
    public func stop() {
        guard process.isRunning else { return }
        let parent = process.processIdentifier
        for child in Self.children(of: parent) { kill(child, SIGKILL) }
        kill(parent, SIGKILL)
        process.waitUntilExit()
    }

    /// Processes whose parent is `parent`, from /proc/<pid>/stat ("pid (comm) state ppid …").
    private static func children(of parent: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent ? pid : nil
        }
    }

    deinit { stop() }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FaultProxyError(call: "openssl \(arguments.prefix(2).joined(separator: " "))", errno: process.terminationStatus)
        }
    }
}
