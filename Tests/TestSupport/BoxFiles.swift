import Antom
import PaymentModel
import AntomSimulator
import Foundation

/// A box on disk for the tests that run the agent process: the box's signing key and the
/// simulator's key pair in a temporary directory, the simulator that answers with them, the agent
/// started as `demo-agent` or from a `scanbridge run` configuration written here.
public struct BoxFiles: Sendable {
    public let directory: String
    public let boxPublicPEM: String

    /// The repository, for `boards/`.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public init() throws {
        directory = NSTemporaryDirectory() + "scanbridge-disk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        boxPublicPEM = try KeyGenerator.generate(writingTo: directory + "/box.pem").pem
        let simPublic = try KeyGenerator.generate(writingTo: directory + "/sim.pem")
        try simPublic.pem.write(toFile: directory + "/sim.pub.pem", atomically: true, encoding: .utf8)
    }

    /// The simulator with this box's keys, not yet started.
    public func simulator(passwordInquiries: Int = 2) throws -> AntomSimulator {
        try AntomSimulator(configuration: SimulatorConfiguration(
            signingKey: try RSAPrivateKey(contentsOfFile: directory + "/sim.pem"), boxPublicKey: try RSAPublicKey(text: boxPublicPEM),
            passwordInquiries: passwordInquiries))
    }

    public var log: String { (try? String(contentsOfFile: directory + "/agent.log", encoding: .utf8)) ?? "" }

    /// How many indicator writes the agent has logged for `pattern`.
    public func indicatorRecords(pattern: String) -> Int {
        let lines = (try? String(contentsOfFile: directory + "/indicators.jsonl", encoding: .utf8)) ?? ""
        return lines.split(separator: "\n").filter { $0.contains("\"pattern\":\"\(pattern)\"") }.count
    }

    public func startAgent(scanner: String, acquirer: String, journal: String, extraArguments: [String] = []) throws -> Process {
        let repository = Self.repository
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

    public func remove() { try? FileManager.default.removeItem(atPath: directory) }

    public static func code(_ suffix: String) -> String { "28100102" + (0..<14).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix }

    /// A provisioning file for `scanbridge run` (a fixed price, the sim board unless another
    /// `board` and `boardDirectory` are named, no console cable), with `extra` lines after it;
    /// returns its path.
    public func writeRunConfiguration(scanner: String, acquirerPort: UInt16, amount: String = "12.50", board: String = "sim",
                                      boardDirectory: String? = nil, extra: [String] = []) throws -> String {
        let path = directory + "/scanbridge.conf"
        let lines = [
            "scanner.port = \(scanner)",
            "scanner.profile = honeywell",
            "acquirer.base-url = http://127.0.0.1:\(acquirerPort)",
            "acquirer.client-id = SANDBOX_RUN",
            "acquirer.private-key = \(directory)/box.pem",
            "acquirer.public-key = \(directory)/sim.pub.pem",
            "acquirer.merchant-id = M-RUN",
            "acquirer.merchant-name = Car Park",
            "acquirer.merchant-mcc = 7523",
            "acquirer.store-id = S-RUN",
            "acquirer.store-name = Car Park Level 2",
            "acquirer.store-mcc = 7523",
            "acquirer.terminal-id = BOX-RUN",
            "journal.path = \(directory)/journal.sqlite",
            "board.name = \(board)",
            "board.directory = \(boardDirectory ?? Self.repository.path + "/boards")",
            "console.port = \(directory)/no-console-cable",
            "amount.source = fixed",
            "amount.fixed = \(amount)",
            "amount.currency = USD",
        ] + extra
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
