import Foundation

/// A CA, a broker certificate for 127.0.0.1 and a client certificate signed by it, made with
/// the openssl command line in `directory`; and a second, unrelated CA with its own client
/// certificate, for the refusals.
struct Certificates {
    let directory: String
    var caFile: String { directory + "/ca.pem" }
    var serverCert: String { directory + "/server.pem" }
    var serverKey: String { directory + "/server.key" }
    var clientCert: String { directory + "/client.pem" }
    var clientKey: String { directory + "/client.key" }
    var otherCA: String { directory + "/other-ca.pem" }
    var strangerCert: String { directory + "/stranger.pem" }
    var strangerKey: String { directory + "/stranger.key" }

    init(in directory: String) throws {
        self.directory = directory
        try makeCA("ca", "scanbridge test CA")
        try makeCA("other-ca", "someone else's CA")
        try issue("server", by: "ca", subject: "/CN=127.0.0.1", san: "IP:127.0.0.1")
        try issue("client", by: "ca", subject: "/CN=BOX-1")
        try issue("stranger", by: "other-ca", subject: "/CN=BOX-1")
    }

    private func makeCA(_ name: String, _ subject: String) throws {
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                     "-subj", "/CN=\(subject)", "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).pem"])
    }

    private func issue(_ name: String, by ca: String, subject: String, san: String? = nil) throws {
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subject,
                     "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).csr"])
        var arguments = ["x509", "-req", "-in", "\(directory)/\(name).csr", "-CA", "\(directory)/\(ca).pem", "-CAkey", "\(directory)/\(ca).key",
                         "-CAcreateserial", "-days", "2", "-out", "\(directory)/\(name).pem"]
        if let san {
            try "subjectAltName=\(san)\n".write(toFile: "\(directory)/\(name).ext", atomically: true, encoding: .utf8)
            arguments += ["-extfile", "\(directory)/\(name).ext"]
        }
        try openssl(arguments)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CertificateError.openssl(arguments.joined(separator: " ")) }
    }

    enum CertificateError: Error { case openssl(String) }
}
