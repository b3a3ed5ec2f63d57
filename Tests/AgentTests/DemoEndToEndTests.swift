import Foundation
import Testing
import TestSupport

/// The whole product end to end, the way README command 1 runs it: a real pty scanner, the agent
/// as a child process (`scanbridge demo-agent`), the acquirer simulator over HTTP behind a
/// network link the demo cuts and restores, a SIGKILL mid-payment with a restart, and a SIGTERM
/// at the end. The demo exits non-zero if any step does not reach its expected outcome.
@Suite("Demo end to end", .serialized)
struct DemoEndToEndTests {
    @Test func demoRunsEveryScenarioToItsOutcome() async throws {
        let executable = try builtExecutable("scanbridge-demo")
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--pace", "50", "--board", repository.appendingPathComponent("boards/sim.json").path,
                             "--voice-packs", repository.appendingPathComponent(".build-voice/packs").path, "--fleet"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The demo runs for many seconds: wait on a dispatch thread, not on one of the two
        // cooperative threads every other test needs meanwhile.
        let child = ChildProcess(process: process, output: output)
        let data = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: child.waitForOutput()) }
        }
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r", with: "\n")
        #expect(process.terminationStatus == 0, "demo failed:\n\(text.suffix(2000))")
        #expect(text.contains("ignored as a duplicate: no second payment"))
        #expect(text.contains("DECLINED"))
        #expect(text.contains("the code is journaled and queued"))
        #expect(text.contains("restarted: the unfinished payment resumes from the journal"))
        #expect(text.contains("stopped cleanly (exit 0)"))
        #expect(text.contains("summary: 5 paid, 1 declined, 0 failed, 0 cancelled, 0 expired, 0 unfinished"))
        #expect(!text.contains("281001020"), "no full payment code is ever printed")
        // Issue 18: each result in words, from the real packs (scripts/test makes them first).
        #expect(text.contains("would say: “received twelve US dollars fifty via Alipay”"), "\(text.suffix(3000))")
        #expect(text.contains("would say: “payment declined insufficient balance”"))
        #expect(text.contains("would say: “network slow, your payment is queued”"))
        // Issue 19: the head office's view of the demo's box, before and after the SIGTERM.
        #expect(text.contains("status --broker mqtt://127.0.0.1:") && text.contains("--watch 1"))
        #expect(text.range(of: #"BOX-DEMO +yes .* paid 1250 USD \(minor\)"#, options: .regularExpression) != nil,
                "\(text.split(separator: "\n").filter { $0.contains("BOX") || $0.contains("box(es)") })")
        #expect(text.range(of: #"BOX-DEMO +no "#, options: .regularExpression) != nil)
    }
}

/// A started child and its output pipe, handed to the thread that waits for it (and used by
/// nothing else meanwhile).
private final class ChildProcess: @unchecked Sendable {
    let process: Process
    let output: Pipe

    init(process: Process, output: Pipe) {
        self.process = process
        self.output = output
    }

    func waitForOutput() -> Data {
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
