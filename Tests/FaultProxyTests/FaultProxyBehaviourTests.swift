import Antom
import PaymentModel
import FaultProxy
import Testing

/// The proxy itself: keep-alive, counting per endpoint, the log, and plans changed while running.
@Suite("FaultProxy")
struct FaultProxyBehaviourTests {
    @Test func keepsOneConnectionWarmForManyRequests() async throws {
        let h = try await FaultHarness.make()
        for index in 1...3 { try await h.pay(code(), order: "ORD-\(index)") }
        let log = h.proxy.log
        #expect(log.count == 3)
        #expect(Set(log.map(\.connection)) == [1], "libcurl's warm connection carries every request")
        #expect(log.map(\.sequence) == [1, 2, 3])
        #expect(log.allSatisfy { $0.clientGotAuthenticAnswer && $0.upstreamStatus == 200 })
        await h.stop()
    }

    @Test func aResetConnectionIsReplacedAndCountsRestartWithANewPlan() async throws {
        let h = try await FaultHarness.make()
        h.proxy.plan = FaultPlan([.on(.pay, .nth(2), .resetAfterProcessed)])
        let first = try await h.pay(code(), order: "ORD-1")
        let second = try await h.pay(code(), order: "ORD-2")
        let third = try await h.pay(code(), order: "ORD-3")
        #expect([first.state, second.state, third.state] == [.succeeded, .unknown, .succeeded])
        let connections = h.proxy.log.map(\.connection)
        #expect(connections.count == 3 && connections[0] == connections[1] && connections[2] != connections[1],
                "after the RST the client opens a new connection: \(connections)")
        h.proxy.plan = FaultPlan([.on(.pay, .nth(1), .status(503, .beforeForwarding))])
        let fourth = try await h.pay(code(), order: "ORD-4")
        #expect(fourth.state == .unknown, "the new plan's count starts again")
        #expect(h.proxy.log.last?.delivered == .answered && h.proxy.log.last?.forwarded == false)
        try await h.settle()
        try await h.expectInvariants()
        await h.stop()
    }
}

/// The same faults on a connection libcurl has already used: a dead pooled connection must not
/// turn into a silent resend, nor a refused link into an unknown payment.
@Suite("Network faults on a warm connection")
struct WarmConnectionFaultTests {
    @Test func aLinkThatGoesDownBetweenPaymentsQueuesTheNextOne() async throws {
        let h = try await FaultHarness.make()
        #expect(try await h.pay(code(), order: "ORD-WARM").state == .succeeded)
        h.proxy.link = .refusing
        let attempt = try await h.pay(code(), order: "ORD-1")
        #expect(attempt.state == .captured, "libcurl sees the pooled connection closed and connects anew: refused, nothing sent")
        h.proxy.link = .up
        try await h.settle(step: .seconds(2))
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        try await h.expectInvariants()
        await h.stop()
    }

    @Test func aResetOnAReusedConnectionIsNotResentBehindTheEnginesBack() async throws {
        let h = try await FaultHarness.make()
        #expect(try await h.pay(code(), order: "ORD-WARM").state == .succeeded)
        h.proxy.plan = .first(.pay, .resetAfterProcessed)
        let attempt = try await h.pay(code(), order: "ORD-1")
        #expect(attempt.state == .unknown)
        #expect(h.proxy.log.filter { $0.paymentRequestId == attempt.paymentRequestId && $0.endpoint == .pay }.count == 1,
                "one pay on the wire; the engine inquires instead of libcurl re-sending")
        try await h.settle()
        #expect(try await h.journal.attempt(attempt.id).state == .succeeded)
        try await h.expectInvariants()
        await h.stop()
    }
}
