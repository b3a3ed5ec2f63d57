import Antom
import PaymentModel
import Foundation
import AntomSimulator
import Money
import Testing

/// The simulator's ledger follows Antom's rules, seen through the client.
@Suite("Ledger rules")
struct LedgerRulesTests {
    @Test func resendingTheSameAttemptGetsTheSameResultAndPaysOnce() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode())
            guard case .success(let first) = await h.client.pay(command), case .success(let second) = await h.client.pay(command) else {
                Issue.record("both sends succeed")
                return
            }
            #expect(first.paymentId == second.paymentId)
            let ledger = await h.ledger()
            #expect(ledger.payments.count == 1)
            #expect(ledger.ordersPaidMoreThanOnce.isEmpty)
        }
    }

    @Test func reusingAnIdWithADifferentBodyIsRepeatReqInconsistent() async throws {
        try await SimulatorHarness.with { h in
            var command = try SimulatorHarness.command(code: paymentCode())
            guard case .success = await h.client.pay(command) else {
                Issue.record("first pay succeeds")
                return
            }
            command.amount = try Money(parsing: "99.99", currency: Currency(code: "USD"))
            // The id exists at the acquirer, possibly paid: unknown, settled by inquiry (issue 15).
            #expect(await h.client.pay(command) == .unknown(.inProcess(resultCode: "REPEAT_REQ_INCONSISTENT")))
        }
    }

    @Test func aPaymentCodeIsSingleUse() async throws {
        try await SimulatorHarness.with { h in
            let code = paymentCode()
            guard case .success = await h.client.pay(try SimulatorHarness.command(code: code)) else {
                Issue.record("first use succeeds")
                return
            }
            guard case .declined(.invalidOrExpiredCode, "INVALID_PAYMENT_CODE", _) = await h.client.pay(try SimulatorHarness.command(code: code)) else {
                Issue.record("second use of the same code is refused")
                return
            }
        }
    }

    @Test func cancelReversesAPaidOrderAndBlocksRefunds() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode())
            guard case .success(let receipt) = await h.client.pay(command), let paymentId = receipt.paymentId else {
                Issue.record("pay succeeds")
                return
            }
            guard case .cancelled = await h.client.cancel(.paymentId(paymentId)) else {
                Issue.record("a paid order can be cancelled")
                return
            }
            #expect(await h.client.inquire(.paymentId(paymentId)) == .cancelled)
            let refund = RefundCommand(refundRequestId: try #require(RequestID("RF-\(paymentId)")), paymentId: paymentId, amount: command.amount)
            #expect(await h.client.refund(refund) == .rejected(resultCode: "ORDER_STATUS_INVALID", message: "order status invalid"))
            let entry = await h.ledger().entry(command.paymentRequestId.value)
            #expect(entry?.everPaid == true)
            #expect(entry?.refunded == "1234", "cancel of a paid order returns the full amount")
        }
    }

    @Test func partialRefundsUpToThePaidAmountWithIdempotentIds() async throws {
        try await SimulatorHarness.with { h in
            let usd = try Currency(code: "USD")
            guard case .success(let receipt) = await h.client.pay(try SimulatorHarness.command(code: paymentCode(), amount: "12.34")),
                  let paymentId = receipt.paymentId
            else {
                Issue.record("pay succeeds")
                return
            }
            let firstID = try #require(RequestID("RF-1-\(paymentId)"))
            let five = try Money(parsing: "5.00", currency: usd)
            guard case .refunded(let refundId, let amount) = await h.client.refund(RefundCommand(refundRequestId: firstID, paymentId: paymentId, amount: five)) else {
                Issue.record("partial refund succeeds")
                return
            }
            #expect(amount == five)
            // Same refundRequestId again (e.g. after a timeout): the same refund, not a second one.
            #expect(await h.client.refund(RefundCommand(refundRequestId: firstID, paymentId: paymentId, amount: five)) == .refunded(refundId: refundId, amount: five))
            let rest = try Money(parsing: "7.34", currency: usd)
            guard case .refunded = await h.client.refund(RefundCommand(refundRequestId: try #require(RequestID("RF-2-\(paymentId)")), paymentId: paymentId, amount: rest)) else {
                Issue.record("refund of the rest succeeds")
                return
            }
            let cent = try Money(parsing: "0.01", currency: usd)
            guard case .rejected("REFUND_AMOUNT_EXCEED", _) = await h.client.refund(RefundCommand(refundRequestId: try #require(RequestID("RF-3-\(paymentId)")), paymentId: paymentId, amount: cent)) else {
                Issue.record("refunds cannot exceed the paid amount")
                return
            }
            // The id exists with another amount: what became of it is for inquiryRefund, not a refusal.
            #expect(await h.client.refund(RefundCommand(refundRequestId: firstID, paymentId: paymentId, amount: cent))
                    == .unknown(.inProcess(resultCode: "REPEAT_REQ_INCONSISTENT")))
            #expect(await h.ledger().payments.first?.refunded == "1234")
        }
    }

    @Test func refundBeforeSuccessIsRefused() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.pendingForever.suffix))
            _ = await h.client.pay(command)
            let paymentId = try #require(await h.ledger().entry(command.paymentRequestId.value)?.paymentId)
            let refund = RefundCommand(refundRequestId: try #require(RequestID("RF-\(paymentId)")), paymentId: paymentId, amount: command.amount)
            #expect(await h.client.refund(refund) == .rejected(resultCode: "ORDER_STATUS_INVALID", message: "order status invalid"))
        }
    }

    @Test func requestsSignedWithTheWrongKeyAreRejectedAndNothingIsRecorded() async throws {
        try await SimulatorHarness.with(clientKey: try TestKeys.stranger.get()) { h in
            let command = try SimulatorHarness.command(code: paymentCode())
            // Antom answers a bad signature unsigned; the client cannot trust that either way.
            let outcome = await h.client.pay(command)
            #expect(outcome == .unknown(.unverifiedResponse(.missingSignature, claimedResultCode: "INVALID_SIGNATURE")), "\(outcome)")
            let ledger = await h.ledger()
            #expect(ledger.rejectedSignatures == 1)
            #expect(ledger.payments.isEmpty)
        }
    }

    @Test func unsupportedCurrencyIsAConfigurationError() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(), amount: "10.00", currency: "ZAR")
            #expect(await h.client.pay(command) == .configurationError(.acquirer(resultCode: "CURRENCY_NOT_SUPPORT", message: "currency not support")))
        }
    }

    @Test func idrMustBeWholeRupiahAndIsRefusedBeforeSending() async throws {
        try await SimulatorHarness.with { h in
            guard case .configurationError(.local) = await h.client.pay(try SimulatorHarness.command(code: paymentCode(), amount: "15000.50", currency: "IDR")) else {
                Issue.record("fractional rupiah never leaves the box")
                return
            }
            #expect(await h.ledger().requests == 0)
            guard case .success(let receipt) = await h.client.pay(try SimulatorHarness.command(code: paymentCode(), amount: "15000", currency: "IDR")) else {
                Issue.record("whole rupiah is fine")
                return
            }
            #expect(receipt.amount?.minorUnitsString == "1500000")
        }
    }

    @Test func ledgerQueryOverHTTPShowsNoOrderPaidTwice() async throws {
        try await SimulatorHarness.with { h in
            let order = "ORDER-\(paymentCode())"
            let first = try SimulatorHarness.command(code: paymentCode(), order: order)
            _ = await h.client.pay(first)
            _ = await h.client.pay(first)
            let ledger = try await SimulatorControl(port: h.port).ledger()
            #expect(ledger.payments.count == 1)
            #expect(ledger.ordersPaidMoreThanOnce.isEmpty)
            #expect(ledger.payments.first?.maskedCode.contains("*") == true)
            // A second attempt for the same order that also succeeds is exactly what the query must expose.
            _ = await h.client.pay(try SimulatorHarness.command(code: paymentCode(), order: order))
            #expect(try await SimulatorControl(port: h.port).ledger().ordersPaidMoreThanOnce == [order])
        }
    }
}

@Suite("Simulator gateway checks")
struct SimulatorGatewayTests {
    /// A correctly signed body that is not a pay request gets a signed PARAM_ILLEGAL, which the
    /// client maps to a configuration error.
    @Test func signedGarbageIsParamIllegal() async throws {
        try await SimulatorHarness.with { h in
            let box = try TestKeys.box.get()
            let transport = try HTTPTransport(configuration: TransportConfiguration(baseURL: "http://127.0.0.1:\(h.port)"))
            let path = Endpoint.pay.path()
            let body = Array(#"{"paymentRequestId":42}"#.utf8)
            let time = String(Timestamp.epochMilliseconds())
            let signature = try box.sign(SignContent.bytes(path: path, clientID: "SANDBOX_X", time: time, body: body))
            let exchange = try await transport.post(path: path, headers: [
                ("client-id", "SANDBOX_X"), ("request-time", time),
                ("signature", SignatureHeader(keyVersion: "1", signature: signature).headerValue),
            ], body: body, timeout: .seconds(5))
            #expect(exchange.status == 200)
            let verifier = ResponseVerifier(acquirerKey: try TestKeys.simulator.get().publicKey(), clientID: "SANDBOX_X")
            #expect(verifier.issue(path: path, headers: exchange.headers, body: exchange.body) == nil, "gateway errors after a valid signature are signed")
            let result = try JSONDecoder().decode(WireEnvelope.self, from: Data(exchange.body)).result
            #expect(result.resultCode == "PARAM_ILLEGAL")
            #expect(ResultCodeMapping.category(status: result.resultStatus, code: result.resultCode) == .configurationError)
            #expect(await h.ledger().payments.isEmpty)
        }
    }
}
