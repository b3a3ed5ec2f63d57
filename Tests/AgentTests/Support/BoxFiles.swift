import Antom
import PaymentModel
import AntomSimulator
import Foundation
import TestSupport

/// Keys, the indicator log and the agent's stderr in a temporary directory.
struct BoxFiles {
    let directory: String
    let boxPublicPEM: String

    init() throws {
        directory = NSTemporaryDirectory() + "scanbridge-disk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        boxPublicPEM = try KeyGenerator.generate(writingTo: directory + "/box.pem").pem
        let simPublic = try KeyGenerator.generate(writingTo: directory + "/sim.pem")
        try simPublic.pem.write(toFile: directory + "/sim.pub.pem", atomically: true, encoding: .utf8)
    }

    /// The simulator with this box's keys, not yet started.
    func simulator(passwordInquiries: Int = 2) throws -> AntomSimulator {
        try AntomSimulator(configuration: SimulatorConfiguration(
            signingKey: try RSAPrivateKey(contentsOfFile: directory + "/sim.pem"), boxPublicKey: try RSAPublicKey(text: boxPublicPEM),
            passwordInquiries: passwordInquiries))
    }

    var log: String { (try? String(contentsOfFile: directory + "/agent.log", encoding: .utf8)) ?? "" }

    /// How many indicator writes the agent has logged for `pattern`.
    func indicatorRecords(pattern: String) -> Int {
        let lines = (try? String(contentsOfFile: directory + "/indicators.jsonl", encoding: .utf8)) ?? ""
        return lines.split(separator: "\n").filter { $0.contains("\"pattern\":\"\(pattern)\"") }.count
    }

    func startAgent(scanner: String, acquirer: String, journal: String, extraArguments: [String] = []) throws -> Process {
        // Tests/AgentTests/Support/BoxFiles.swift → the repository
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        FileManager.default.createFile(atPath: directory + "/agent.log", contents: nil)
        let agent = Process()
        agent.executableURL = try scanbridgeBinary()
        agent.arguments = [
            "demo-agent", "--scanner", scanner, "--acquirer", acquirer, "--key", directory + "/box.pem",
            "--acquirer-key", directory + "/sim.pub.pem", "--journal", journal, "--board", repository.path + "/boards/sim.json",
            "--indicators-file", directory + "/indicators.jsonl",
        ] + extraArguments
        agent.standardOutput = FileHandle.nullDevice
        agent.standardError = FileHandle(forWritingAtPath: directory + "/agent.log")
        try agent.run()
        return agent
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    static func code(_ suffix: String) -> String { "28100102" + (0..<14).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix }
}
