import Agent
import Foundation
import Logging
import Testing

/// `log.level` applies live and `log.file` is written and rotated (issue 15: both keys did
/// nothing before).
@Suite("Log output: live level, file, rotation")
struct LogOutputTests {
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "scanbridge-log-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theLevelChangesForLoggersMadeBeforeTheChange() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = LogOutput(level: .warning, filePath: directory + "/agent.log", journald: false)
        var logger = Logger(label: "scanbridge.test") { output.handler(label: $0) }
        logger.info("before the change")
        output.logLevel = .info
        logger.info("after the change")
        logger.logLevel = .critical  // a caller cannot narrow the process's level behind log.level
        logger.notice("still written", metadata: ["code": "281001**********0000"])
        let text = try String(contentsOfFile: directory + "/agent.log", encoding: .utf8)
        #expect(!text.contains("before the change"))
        #expect(text.contains("info scanbridge.test: after the change"))
        #expect(text.contains("notice scanbridge.test: still written code=281001**********0000"))
        #expect(output.logLevel == .info)
    }

    @Test func theFileIsRotatedBySizeAndKeepsTheNewestLines() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/agent.log"
        let output = LogOutput(level: .info, filePath: path, maxFileBytes: 400, journald: false)
        let logger = Logger(label: "scanbridge.test") { output.handler(label: $0) }
        for index in 0..<40 { logger.info("line \(index)") }
        let current = try String(contentsOfFile: path, encoding: .utf8)
        let previous = try String(contentsOfFile: path + ".1", encoding: .utf8)
        #expect(current.hasSuffix("line 39\n") || previous.hasSuffix("line 39\n"), "the newest line is kept")
        let sizes = [current, previous].map(\.utf8.count)
        #expect(sizes.allSatisfy { $0 < 400 + 80 }, "each generation stays near the bound: \(sizes)")
        #expect(!FileManager.default.fileExists(atPath: path + ".2"), "two generations only")
    }

    @Test func anUnwritableFileLeavesStderrOnly() {
        let output = LogOutput(level: .info, filePath: "/proc/scanbridge-cannot-write-here.log", journald: false)
        #expect(output.filePath == nil)
        Logger(label: "scanbridge.test") { output.handler(label: $0) }.info("goes to stderr only")
    }
}
