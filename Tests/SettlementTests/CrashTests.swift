import Antom
import PaymentModel
import AntomSimulator
import Dispatch
import Glibc
import Journal
import Testing

/// Runs the settlement engine in a child process (`scanbridge-drill`) against the simulator,
/// SIGKILLs it at random points of random payment scenarios, restarts it, and finally lets it
/// drain the journal. Then: every attempt is final, no order is paid twice, and the journal and
/// the acquirer's ledger agree on every payment. `SCANBRIDGE_CRASH_KILLS` sets the number of
/// kills (100 by default; `scripts/crash-soak` runs 500 and more).
@Suite("Crash test", .serialized)
struct CrashTests {
    @Test func killedAtRandomPointsLosesNothingAndPaysNothingTwice() async throws {
        let kills = getenv("SCANBRIDGE_CRASH_KILLS").flatMap { Int(String(cString: $0)) } ?? 100
        let directory = SettlementHarness.makeDirectory()
        let boxKey = directory + "/box.pem", simKey = directory + "/sim.pem", simPublic = directory + "/sim.pub.pem"
        let boxPublic = try KeyGenerator.generate(writingTo: boxKey)
        let simPart = try KeyGenerator.generate(writingTo: simKey)
        try writeFile(simPublic, simPart.pem)
        let simulator = try AntomSimulator(configuration: SimulatorConfiguration(
            signingKey: try RSAPrivateKey(contentsOfFile: simKey), boxPublicKey: try RSAPublicKey(text: boxPublic.pem),
            passwordInquiries: 2, slowResponseDelay: .seconds(1)))
        let port = try await simulator.start()
        let journalPath = directory + "/journal.sqlite"
        let drill = try drillPath()
        let common = ["--journal", journalPath, "--acquirer", "http://127.0.0.1:\(port)", "--key", boxKey, "--acquirer-key", simPublic]

        var killed = 0
        for round in 0..<kills {
            let pid = try spawn(drill, common + ["--run", "r\(round)"])
            try await Task.sleep(for: .milliseconds(Int.random(in: 40...260)))
            kill(pid, SIGKILL)
            let status = await reap(pid)
            if status & 0x7F == SIGKILL { killed += 1 }
        }
        let drainer = try spawn(drill, common + ["--drain"])
        let status = await reap(drainer)
        #expect(status == 0, "the drain finished every attempt (exit status \(status))")

        let journal = try Journal(path: journalPath)  // opening runs integrity_check
        let ledger = await simulator.ledger.snapshot()
        await simulator.stop()
        let unfinished = try await journal.unfinished()
        let counts = try await journal.counts()
        print("crash test: \(killed) kills, attempts by state \(counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")), acquirer saw \(ledger.payments.count) payments")

        #expect(killed == kills)
        #expect(unfinished.isEmpty, "every captured attempt is final: \(unfinished.map { "\($0.id):\($0.state.rawValue)" })")
        #expect(counts[.needsAttention] == nil)
        #expect(counts.values.reduce(0, +) > kills, "the drill made progress between kills")
        let paidPerOrder = Dictionary(grouping: ledger.payments.filter { $0.status == "SUCCESS" }, by: \.referenceOrderId)
        #expect(paidPerOrder.values.allSatisfy { $0.count == 1 }, "no order paid twice")
        for payment in ledger.payments {
            let attempt = try await journal.attempt(paymentRequestId: payment.paymentRequestId)
            #expect(attempt != nil, "the acquirer saw \(payment.paymentRequestId), the journal must know it")
            if payment.status == "SUCCESS" {
                #expect(attempt?.state == .succeeded, "paid at the acquirer, \(attempt?.state.rawValue ?? "missing") in the journal")
            } else {
                #expect(attempt?.state != .succeeded, "\(payment.status) at the acquirer but succeeded in the journal")
            }
        }
        // Refunds, killed mid-way too: every one final, and per payment the journal's refunded
        // amount is the acquirer's, never more than was paid.
        #expect(try await journal.unfinishedRefunds().isEmpty, "every refund is final")
        var refunds = 0
        for payment in ledger.payments {
            guard let attempt = try await journal.attempt(paymentRequestId: payment.paymentRequestId) else { continue }
            let journaled = try await journal.refunds(attemptId: attempt.id)
            refunds += journaled.count
            let refunded = journaled.filter { $0.state == .refunded }.reduce(0) { $0 + $1.amountMinor }
            #expect(String(refunded) == payment.refunded || (payment.status == "CANCELLED" && refunded == 0),
                    "payment \(payment.paymentRequestId): journal refunded \(refunded), acquirer \(payment.refunded)")
            #expect(refunded <= attempt.amountMinor, "never more refunded than paid")
        }
        print("crash test: \(refunds) refunds, \(counts[.cancelled] ?? 0) cancelled (reversals among them)")
        #expect(refunds > 0, "the drill refunded between kills")
        let succeeded = counts[.succeeded] ?? 0
        #expect(succeeded == ledger.payments.filter { $0.status == "SUCCESS" }.count)
        for suffix in ["", "-wal", "-shm"] { unlink(journalPath + suffix) }
        for file in [boxKey, simKey, simPublic] { unlink(file) }
        rmdir(directory)
    }
}

/// The drill binary sits next to the test bundle in the build folder.
func drillPath() throws -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { throw CrashTestError("cannot find the test binary") }
    let exe = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var directory = String(exe[..<(exe.lastIndex(of: "/") ?? exe.endIndex)])
    // Swift Testing may run from inside an .xctest bundle directory.
    if directory.hasSuffix(".xctest") { directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.endIndex)]) }
    let path = directory + "/scanbridge-drill"
    guard access(path, X_OK) == 0 else { throw CrashTestError("\(path) not built: run `swift build --build-tests`") }
    return path
}

/// waitpid on a dispatch thread: the drain takes seconds, and a test that blocks one of the two
/// cooperative threads that long starves every test running beside it.
func reap(_ pid: pid_t) async -> Int32 {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            continuation.resume(returning: status)
        }
    }
}

func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
    var pid = pid_t()
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let result = posix_spawn(&pid, path, nil, nil, argv, environ)
    guard result == 0 else { throw CrashTestError("posix_spawn \(path): \(result)") }
    return pid
}

func writeFile(_ path: String, _ text: String) throws {
    guard let file = fopen(path, "w") else { throw CrashTestError("cannot write \(path)") }
    defer { fclose(file) }
    fputs(text, file)
}

struct CrashTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
