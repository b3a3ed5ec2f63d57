import PaymentModel
@testable import Antom
import Dispatch
import Money
import Synchronization
import Testing
@testable import Settlement
import TestSupport

/// The meeting of the journal's commit and the signature: the pay starts once both happened,
/// exactly once, on the thread of whichever came second, and never without the commit.
@Suite("Send when durable")
struct SendWhenDurableTests {
    /// Counts the pays started; its signature waits until the test lets it finish.
    final class GatedAcquirer: Acquirer {
        let launches = Mutex(0)
        let signatures = Mutex(0)
        private let release = DispatchSemaphore(value: 0)

        func finishSignature() { release.signal() }
        var launched: Int { launches.withLock { $0 } }

        func preparePay(_ command: PayCommand) -> PreparedPay {
            release.wait()
            signatures.withLock { $0 += 1 }
            return PreparedPay(command: command)
        }

        func launch(_ prepared: PreparedPay) -> PayInFlight {
            launches.withLock { $0 += 1 }
            return PayInFlight { .unknown(.inProcess(resultCode: "PAYMENT_IN_PROCESS")) }
        }

        func pay(_ command: PayCommand) async -> PaymentOutcome { .unknown(.inProcess(resultCode: "PAYMENT_IN_PROCESS")) }
        func inquire(_ payment: PaymentReference) async -> InquiryOutcome { .unknown(.inProcess(resultCode: "NOT_USED")) }
        func cancel(_ payment: PaymentReference) async -> CancelOutcome { .unknown(.inProcess(resultCode: "NOT_USED")) }
        func refund(_ command: RefundCommand) async -> RefundOutcome { .unknown(.inProcess(resultCode: "NOT_USED")) }
        func inquireRefund(_ refundRequestId: RequestID) async -> RefundInquiryOutcome { .unknown(.inProcess(resultCode: "NOT_USED")) }
    }

    static let command = PayCommand(
        paymentRequestId: RequestID("BOX-7-gate")!, paymentCode: "281001012345678901234567", referenceOrderId: "ORD-G",
        orderDescription: "", amount: try! Money(minorUnitsText: "100", currency: Currency(code: "JPY")))

    /// Waits (briefly) until `condition` holds; the signer works on its own thread.
    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<2000 where !condition() { try? await Task.sleep(for: .milliseconds(5)) }
        return condition()
    }

    @Test func signedFirstStartsAtTheCommit() async {
        let acquirer = GatedAcquirer()
        let gate = SendWhenDurable(preparing: Self.command, for: acquirer)
        acquirer.finishSignature()
        #expect(await eventually { acquirer.signatures.withLock { $0 } == 1 })
        try? await Task.sleep(for: .milliseconds(20))
        #expect(acquirer.launched == 0, "sent before the attempt was durable")
        gate.durable()
        #expect(acquirer.launched == 1)
        let (prepared, inFlight) = await gate.prepared()
        #expect(prepared != nil)
        #expect(inFlight != nil)
    }

    @Test func durableFirstStartsAtTheSignature() async {
        let acquirer = GatedAcquirer()
        let gate = SendWhenDurable(preparing: Self.command, for: acquirer)
        gate.durable()
        try? await Task.sleep(for: .milliseconds(20))
        #expect(acquirer.launched == 0, "sent before it was signed")
        acquirer.finishSignature()
        let (prepared, inFlight) = await gate.prepared()  // returns once the signer is done
        #expect(prepared != nil)
        #expect(inFlight != nil)
        #expect(acquirer.launched == 1)
    }

    @Test func neverDurableNeverSends() async {
        let acquirer = GatedAcquirer()
        let gate = SendWhenDurable(preparing: Self.command, for: acquirer)
        acquirer.finishSignature()
        let (prepared, inFlight) = await gate.prepared()
        #expect(prepared != nil)
        #expect(inFlight == nil)
        try? await Task.sleep(for: .milliseconds(20))
        #expect(acquirer.launched == 0)
    }

    @Test func nothingToSignIsReadyAtOnceAndSendsNothing() async {
        let acquirer = GatedAcquirer()
        let gate = SendWhenDurable(preparing: nil, for: acquirer)
        gate.durable()
        let (prepared, inFlight) = await gate.prepared()
        #expect(prepared == nil)
        #expect(inFlight == nil)
        #expect(acquirer.launched == 0)
    }

    @Test("racing from two threads, the pay starts exactly once", arguments: 0..<200)
    func raceStartsOnce(_ round: Int) async {
        let acquirer = GatedAcquirer()
        let gate = SendWhenDurable(preparing: Self.command, for: acquirer)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { gate.durable() }
            group.addTask { acquirer.finishSignature() }
        }
        let (_, inFlight) = await gate.prepared()
        #expect(acquirer.launched == 1, "round \(round)")
        #expect(inFlight != nil)
    }
}
