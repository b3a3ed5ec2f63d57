@testable import Antom
import AntomSimulator
import Glibc
import Testing

/// Issue 14: on Debian 13's libcurl 8.14 one connection dropped after the acquirer processed a
/// pay failed every later pay, inquiry and cancel ("necessary data rewind was not possible").
/// `scripts/libcurl8` runs these against that libcurl; `scripts/test` against Debian 12's 7.88.
@Suite("A dropped connection never sticks")
struct DroppedConnectionTests {
    @Test func aPayDroppedAfterProcessingLeavesTheLinkWorkingForTwentyMorePays() async throws {
        try await SimulatorHarness.with { h in
            let dropped = try SimulatorHarness.command(code: paymentCode(Scenario.droppedAfterProcessing.suffix))
            guard case .unknown(.transport(let error)) = await h.client.pay(dropped) else {
                Issue.record("a pay whose answer was dropped must be unknown")
                return
            }
            #expect(error.requestMayHaveReachedAcquirer, "the acquirer took it: inquire, never re-pay with a new id")
            #expect(h.client.linkResets == 1, "the failed call reset the link")
            guard case .paid = await h.client.inquire(.paymentRequestId(dropped.paymentRequestId)) else {
                Issue.record("the inquiry on the fresh connection settles the dropped pay as paid")
                return
            }
            var paid = 0
            for _ in 0..<20 {
                if case .success = await h.client.pay(try SimulatorHarness.command(code: paymentCode())) { paid += 1 }
            }
            #expect(paid == 20, "every later pay went through")
            #expect(h.transfers.newConnections == [1] + Array(repeating: 0, count: 20),
                    "the inquiry opened the new connection and the pays kept it: \(h.transfers.newConnections)")
            let ledger = await h.ledger()
            #expect(ledger.requests == 22, "the dropped pay reached the acquirer once: libcurl did not replay it")
            #expect(ledger.payments.filter { $0.status == "SUCCESS" }.count == 21)
            #expect(ledger.ordersPaidMoreThanOnce.isEmpty)
            #expect(h.client.linkResets == 1, "calls that succeed never reset the link")
        }
    }

    @Test func keepWarmGoesOnAfterAReset() async throws {
        let box = try TestKeys.box.get()
        let sim = try TestKeys.simulator.get()
        let simulator = try AntomSimulator(configuration: SimulatorConfiguration(signingKey: sim, boxPublicKey: box.publicKey()))
        let port = try await simulator.start()
        let (client, transfers, _) = try SimulatorHarness.makeClient(baseURL: "http://127.0.0.1:\(port)", keepWarmInterval: .milliseconds(50),
                                                                     clientKey: box, acquirerKey: sim.publicKey())
        #expect(await client.start() == nil)
        _ = await client.pay(try SimulatorHarness.command(code: paymentCode(Scenario.droppedAfterProcessing.suffix)))
        #expect(client.linkResets == 1)
        let before = await simulator.ledger.snapshot().warmups
        let warming = Task { await client.keepWarm() }
        var warmups = before
        let end = ContinuousClock.now + .seconds(30)  // a safety net: every test starts at once
        while warmups < before + 3, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(20))
            warmups = await simulator.ledger.snapshot().warmups
        }
        warming.cancel()
        _ = await warming.value
        #expect(warmups >= before + 3, "the keep-warm loop reached the acquirer again after the reset")
        guard case .success = await client.pay(try SimulatorHarness.command(code: paymentCode())) else {
            Issue.record("a pay after the reset goes through")
            return
        }
        #expect(transfers.newConnections == [0], "the pay found the connection the keep-warm loop opened")
        #expect(client.linkResets == 1)
        await simulator.stop()
    }

    @Test func aFailedWarmUpAlsoResetsTheLink() async throws {
        let port = try RawSockets.freePort()
        let box = try TestKeys.box.get()
        let (client, _, _) = try SimulatorHarness.makeClient(baseURL: "http://127.0.0.1:\(port)", clientKey: box,
                                                             acquirerKey: try TestKeys.simulator.get().publicKey())
        guard case .connect? = await client.start() else {
            Issue.record("nothing listens there")
            return
        }
        #expect(client.linkResets == 1)
    }

    /// libcurl's seek callback: 0 is CURL_SEEKFUNC_OK, 1 CURL_SEEKFUNC_FAIL, 2 CURL_SEEKFUNC_CANTSEEK.
    @Test func aBodyMayBeRewoundOnlyBeforeAnyOfItWasHandedOver() {
        let state = TransferState(upload: Array(#"{"paymentRequestId":"T1"}"#.utf8))
        #expect(state.rewind(to: 0, origin: SEEK_SET) == 0, "nothing was read: libcurl may start the body again")
        #expect(state.rewind(to: state.upload.count + 1, origin: SEEK_SET) == 1, "past the end fails the transfer")
        #expect(state.rewind(to: 0, origin: SEEK_END) == 1, "only absolute offsets")
        state.bodyHandedOver = true
        state.uploadOffset = state.upload.count
        #expect(state.rewind(to: 0, origin: SEEK_SET) == 2, "once handed over, a replay is the engine's decision")
        #expect(state.uploadOffset == state.upload.count)
        #expect(state.bodyHandedOver, "and the failure that follows still counts as may-have-been-sent")
    }
}
