import Antom
import PaymentModel
import AntomSimulator
import Foundation
import Synchronization
import Testing

@Suite("Transport: typed failures, one warm connection, off the cooperative pool")
struct TransportTests {
    @Test func oneWarmConnectionServesEveryCall() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode())
            _ = await h.client.pay(command)
            _ = await h.client.inquire(.paymentRequestId(command.paymentRequestId))
            _ = await h.client.pay(try SimulatorHarness.command(code: paymentCode()))
            #expect(h.transfers.newConnections == [0, 0, 0], "start() opened the only connection")
        }
    }

    @Test func keepWarmTouchesAnIdleConnection() async throws {
        let box = try TestKeys.box.get()
        let sim = try TestKeys.simulator.get()
        let simulator = try AntomSimulator(configuration: SimulatorConfiguration(signingKey: sim, boxPublicKey: box.publicKey()))
        let port = try await simulator.start()
        let (client, transfers, _) = try SimulatorHarness.makeClient(baseURL: "http://127.0.0.1:\(port)", keepWarmInterval: .milliseconds(50),
                                                                     clientKey: box, acquirerKey: sim.publicKey())
        let warming = Task { await client.keepWarm() }
        var warmups = 0
        let end = ContinuousClock.now + .seconds(30)  // a safety net: every test starts at once
        while warmups < 3, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(20))
            warmups = await simulator.ledger.snapshot().warmups
        }
        warming.cancel()
        _ = await warming.value
        #expect(warmups >= 3, "the idle connection was refreshed repeatedly")
        _ = await client.pay(try SimulatorHarness.command(code: paymentCode()))
        #expect(transfers.newConnections == [0], "the pay found the kept-warm connection")
        await simulator.stop()
    }

    @Test func refusedConnectionIsConnectAndNothingWasSent() async throws {
        let port = try RawSockets.freePort()
        let outcome = try await payAgainst("http://127.0.0.1:\(port)")
        guard case .unknown(.transport(.connect(let detail))) = outcome else {
            Issue.record("expected a connect failure, got \(outcome)")
            return
        }
        #expect(!detail.isEmpty)
        #expect(!TransportError.connect(detail).requestMayHaveReachedAcquirer)
    }

    @Test func unresolvableHostIsDNSAndNothingWasSent() async throws {
        let outcome = try await payAgainst("https://acquirer.nonexistent.invalid")
        guard case .unknown(.transport(let error)) = outcome else {
            Issue.record("expected a transport failure, got \(outcome)")
            return
        }
        #expect(!error.requestMayHaveReachedAcquirer)
        guard case .dns = error else {
            Issue.record("expected .dns, got \(error)")
            return
        }
    }

    @Test func handshakeThatNeverCompletesIsTimeoutBeforeSend() async throws {
        let (fd, port) = try RawSockets.silentListener()
        defer { close(fd) }
        let outcome = try await payAgainst("https://127.0.0.1:\(port)", timeout: .milliseconds(300))
        #expect(outcome == .unknown(.transport(.timeoutBeforeSend)))
    }

    @Test func plainHTTPBeyondLoopbackIsRefused() throws {
        let box = try TestKeys.box.get()
        #expect(throws: TransportError.self) {
            try SimulatorHarness.makeClient(baseURL: "http://open-sea-global.alipay.com", clientKey: box, acquirerKey: box.publicKey())
        }
        #expect(throws: TransportError.self) {
            try SimulatorHarness.makeClient(baseURL: "ftp://127.0.0.1", clientKey: box, acquirerKey: box.publicKey())
        }
    }

    /// Three clients block inside curl_easy_perform at once (2 cooperative threads on this box);
    /// an unrelated task still runs to completion before any of them returns.
    @Test func blockingCallsDoNotStarveTheCooperativePool() async throws {
        try await SimulatorHarness.with(slowResponseDelay: .milliseconds(2500)) { h in
            let box = try TestKeys.box.get()
            let sim = try TestKeys.simulator.get()
            let finished = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    let (client, _, _) = try SimulatorHarness.makeClient(baseURL: "http://127.0.0.1:\(h.port)", clientKey: box, acquirerKey: sim.publicKey())
                    let command = try SimulatorHarness.command(code: paymentCode(Scenario.slowResponse.suffix))
                    group.addTask {
                        _ = await client.pay(command)
                        finished.increment()
                    }
                }
                // Wait until all three requests are inside the simulator, i.e. curl is blocking.
                let end = ContinuousClock.now + .seconds(30)  // a safety net: every test starts at once
                while await h.ledger().requests < 3, ContinuousClock.now < end {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let sum = await Task.detached { (1...1000).reduce(0, +) }.value
                #expect(sum == 500_500)
                #expect(finished.value == 0, "the unrelated task ran while all three calls were still blocked")
                try await group.waitForAll()
            }
            #expect(finished.value == 3)
        }
    }

    private func payAgainst(_ baseURL: String, timeout: Duration = .seconds(2)) async throws -> PaymentOutcome {
        let box = try TestKeys.box.get()
        let (client, _, _) = try SimulatorHarness.makeClient(baseURL: baseURL, payTimeout: timeout, clientKey: box, acquirerKey: box.publicKey())
        return await client.pay(try SimulatorHarness.command(code: paymentCode()))
    }
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
