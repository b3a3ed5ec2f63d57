import Antom
import PaymentModel
import AntomSimulator
import ArgumentParser
import Foundation

/// `antom-sim`: the Antom simulator as a standalone server for demos and manual tests.
@main
struct AntomSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "antom-sim",
        abstract: "A local Antom pay/inquiryPayment/cancel/refund simulator (see docs/ACQUIRER.md for scenarios)."
    )

    @Option(help: "Address to listen on. Keep it on loopback: this is a test double, not a server.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: UInt16 = 8480

    @Option(help: "The simulator's private key (PEM): it signs responses. Generated into --key-dir when omitted.")
    var key: String?

    @Option(help: "The box's public key (PEM or base64 DER): request signatures must verify with it.")
    var boxPublicKey: String?

    @Option(help: "Where to keep generated keys when --key and --box-public-key are omitted.")
    var keyDir = "antom-sim-keys"

    @Option(help: "Inquiries before a password scenario finishes.")
    var passwordInquiries = 2

    @Option(help: "Delay of the slow-response scenario, in milliseconds.")
    var slowMs = 2000

    func run() async throws {
        let (signingKey, boxKey) = try loadKeys()
        let configuration = SimulatorConfiguration(signingKey: signingKey, boxPublicKey: boxKey,
                                                   passwordInquiries: passwordInquiries, slowResponseDelay: .milliseconds(slowMs))
        let simulator = try AntomSimulator(configuration: configuration, host: host, port: port)
        let bound = try await simulator.start()
        say("antom-sim listening on http://\(host):\(bound)\(Endpoint.defaultPrefix)/v1/payments/{pay,inquiryPayment,cancel,refund}")
        say("control: GET /sim/ledger, POST /sim/scenario {\"scenario\":\"httpError500\",\"count\":1}")
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(3600))
        }
    }

    /// Unbuffered, so a supervisor or a test reading the pipe sees the port at once.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func loadKeys() throws -> (RSAPrivateKey, RSAPublicKey) {
        if let key, let boxPublicKey {
            let text = try String(contentsOfFile: boxPublicKey, encoding: .utf8)
            return (try RSAPrivateKey(contentsOfFile: key), try RSAPublicKey(text: text))
        }
        guard key == nil, boxPublicKey == nil else {
            throw ValidationError("give both --key and --box-public-key, or neither (keys are then generated into --key-dir)")
        }
        try FileManager.default.createDirectory(atPath: keyDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let simKeyPath = "\(keyDir)/antom-sim-private.pem"
        let boxKeyPath = "\(keyDir)/box-private.pem"
        for (path, publicPath) in [(simKeyPath, "\(keyDir)/antom-sim-public.pem"), (boxKeyPath, "\(keyDir)/box-public.pem")]
        where !FileManager.default.fileExists(atPath: path) {
            let publicPart = try KeyGenerator.generate(writingTo: path)
            try publicPart.pem.write(toFile: publicPath, atomically: true, encoding: .utf8)
        }
        say("keys in \(keyDir): the box signs with box-private.pem and verifies with antom-sim-public.pem")
        return (try RSAPrivateKey(contentsOfFile: simKeyPath), try RSAPrivateKey(contentsOfFile: boxKeyPath).publicKey())
    }
}
