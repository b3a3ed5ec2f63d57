import Antom
import PaymentModel
import AntomSimulator
import Testing

/// Signed answers that must not settle a payment by themselves (issue 15), over HTTP against the
/// simulator's scenarios: each is unknown, and the inquiry that follows finds the money.
@Suite("Answers that must not be trusted, over HTTP")
struct UntrustedAnswerTests {
    @Test func repeatRequestInconsistentOnPayIsUnknownNotDeclined() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.repeatRequestInconsistent.suffix))
            #expect(await h.client.pay(command) == .unknown(.inProcess(resultCode: "REPEAT_REQ_INCONSISTENT")),
                    "the request id exists at the acquirer: it may be paid")
            guard case .paid = await h.client.inquire(.paymentRequestId(command.paymentRequestId)) else {
                Issue.record("the inquiry finds it paid")
                return
            }
        }
    }

    @Test func aSuccessNamingNoRequestAndNoAmountIsUnknown() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.successWithoutIdentifiers.suffix))
            #expect(await h.client.pay(command) == .unknown(.malformedResponse("success without a paymentRequestId")))
            guard case .paid(let receipt) = await h.client.inquire(.paymentRequestId(command.paymentRequestId)) else {
                Issue.record("the inquiry, which names it, settles it")
                return
            }
            #expect(receipt.amount == command.amount)
        }
    }

    @Test func aRefusedCancelMeansTheInquiryDecides() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.cancelRefusedAfterSuccess.suffix))
            #expect(await h.client.pay(command) == .unknown(.inProcess(resultCode: "PAYMENT_IN_PROCESS")))
            let reference = PaymentReference.paymentRequestId(command.paymentRequestId)
            #expect(await h.client.inquire(reference) == .processing(status: "PROCESSING"))
            guard case .rejected(let code, _) = await h.client.cancel(reference) else {
                Issue.record("the simulator refuses this cancel")
                return
            }
            #expect(code == "ORDER_STATUS_INVALID")
            guard case .paid = await h.client.inquire(reference) else {
                Issue.record("the payment completed meanwhile")
                return
            }
        }
    }
}
