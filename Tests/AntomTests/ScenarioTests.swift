import Antom
import PaymentModel
import AntomSimulator
import Testing

/// Every simulator scenario, end to end over real HTTP on loopback.
@Suite("Scenarios over HTTP")
struct ScenarioTests {
    @Test func successPaysOnceOnTheWarmConnectionAndNeverLogsTheFullCode() async throws {
        try await SimulatorHarness.with { h in
            let code = paymentCode("00")
            let command = try SimulatorHarness.command(code: code)
            guard case .success(let receipt) = await h.client.pay(command) else {
                Issue.record("expected success")
                return
            }
            #expect(receipt.paymentRequestId == command.paymentRequestId.value)
            #expect(receipt.amount == command.amount)
            #expect(receipt.paymentId?.hasPrefix("SIMPAY") == true)
            #expect(receipt.walletName == "SIMWALLET")
            #expect(h.transfers.newConnections == [0], "the pay went over the connection opened by start()")
            guard case .paid(let inquired) = await h.client.inquire(.paymentRequestId(command.paymentRequestId)) else {
                Issue.record("inquiry must say paid")
                return
            }
            #expect(inquired.paymentId == receipt.paymentId)
            let ledger = await h.ledger()
            #expect(ledger.entry(command.paymentRequestId.value)?.status == "SUCCESS")
            #expect(ledger.ordersPaidMoreThanOnce.isEmpty)
            #expect(!h.logs.text.contains(code), "full payment code must never be logged")
            #expect(h.logs.text.contains(PaymentCodeMask.mask(code)))
        }
    }

    @Test func passwordRequiredThenSuccessAfterNInquiries() async throws {
        try await SimulatorHarness.with(passwordInquiries: 3) { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.passwordThenSuccess.suffix))
            #expect(await h.client.pay(command) == .unknown(.inProcess(resultCode: "PAYMENT_IN_PROCESS")))
            let reference = PaymentReference.paymentRequestId(command.paymentRequestId)
            #expect(await h.client.inquire(reference) == .processing(status: "PROCESSING"))
            #expect(await h.client.inquire(reference) == .processing(status: "PROCESSING"))
            guard case .paid = await h.client.inquire(reference) else {
                Issue.record("third inquiry must report SUCCESS")
                return
            }
        }
    }

    @Test func passwordRequiredThenVerificationFails() async throws {
        try await SimulatorHarness.with(passwordInquiries: 1) { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.passwordThenFail.suffix))
            #expect(await h.client.pay(command) == .unknown(.inProcess(resultCode: "PAYMENT_IN_PROCESS")))
            let outcome = await h.client.inquire(.paymentRequestId(command.paymentRequestId))
            #expect(outcome == .failed(.verificationFailed, resultCode: "USER_PAYMENT_VERIFICATION_FAILED", message: nil))
        }
    }

    @Test func pendingForeverUntilCancelled() async throws {
        try await SimulatorHarness.with(passwordInquiries: 1) { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.pendingForever.suffix))
            #expect(await h.client.pay(command) == .unknown(.inProcess(resultCode: "PAYMENT_IN_PROCESS")))
            let reference = PaymentReference.paymentRequestId(command.paymentRequestId)
            for _ in 0..<4 {
                #expect(await h.client.inquire(reference) == .processing(status: "PROCESSING"))
            }
            guard case .cancelled = await h.client.cancel(reference) else {
                Issue.record("cancel must close a pending order")
                return
            }
            #expect(await h.client.inquire(reference) == .cancelled)
            let entry = await h.ledger().entry(command.paymentRequestId.value)
            #expect(entry?.status == "CANCELLED")
            #expect(entry?.everPaid == false)
        }
    }

    @Test("each main decline maps to its reason, and inquiry agrees", arguments: [
        (Scenario.insufficientFunds, DeclineReason.insufficientFunds, "USER_BALANCE_NOT_ENOUGH"),
        (.verificationFailed, .verificationFailed, "USER_PAYMENT_VERIFICATION_FAILED"),
        (.limit, .limit, "USER_AMOUNT_EXCEED_LIMIT"),
        (.risk, .risk, "RISK_REJECT"),
        (.invalidCode, .invalidOrExpiredCode, "INVALID_PAYMENT_CODE"),
        (.expiredCode, .invalidOrExpiredCode, "EXPIRED_CODE"),
        (.orderClosed, .orderClosed, "ORDER_IS_CLOSED"),
    ])
    func decline(scenario: Scenario, reason: DeclineReason, code: String) async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(scenario.suffix))
            guard case .declined(let got, let resultCode, _) = await h.client.pay(command) else {
                Issue.record("expected a decline for \(scenario)")
                return
            }
            #expect(got == reason)
            #expect(resultCode == code)
            guard case .failed(let inquired, let inquiredCode, _) = await h.client.inquire(.paymentRequestId(command.paymentRequestId)) else {
                Issue.record("inquiry must report FAIL")
                return
            }
            #expect(inquired == reason)
            #expect(inquiredCode == code)
        }
    }

    @Test func accessDeniedIsAConfigurationErrorAndRecordsNothing() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.accessDenied.suffix))
            guard case .configurationError(.acquirer(let code, _)) = await h.client.pay(command) else {
                Issue.record("expected a configuration error")
                return
            }
            #expect(code == "ACCESS_DENIED")
            #expect(await h.ledger().payments.isEmpty)
        }
    }

    @Test func processedThenConnectionDroppedIsUnknownAndNotResent() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.droppedAfterProcessing.suffix))
            guard case .unknown(.transport(let error)) = await h.client.pay(command) else {
                Issue.record("a dropped connection must give unknown")
                return
            }
            #expect(error.requestMayHaveReachedAcquirer)
            guard case .connectionLost(afterSend: true, _) = error else {
                Issue.record("expected connectionLost after send, got \(error)")
                return
            }
            let ledger = await h.ledger()
            #expect(ledger.requests == 1, "libcurl must not silently re-send a pay")
            #expect(ledger.entry(command.paymentRequestId.value)?.status == "SUCCESS")
            guard case .paid = await h.client.inquire(.paymentRequestId(command.paymentRequestId)) else {
                Issue.record("inquiry settles it as paid")
                return
            }
            #expect(await h.ledger().ordersPaidMoreThanOnce.isEmpty)
        }
    }

    @Test func http500IsUnknownAndNothingWasPaid() async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.httpError500.suffix))
            #expect(await h.client.pay(command) == .unknown(.httpStatus(500)))
            #expect(await h.ledger().payments.isEmpty)
        }
    }

    @Test func cancelAfterAnHTTP500ClosesTheOrderForALatePay() async throws {
        try await SimulatorHarness.with { h in
            // One-shot 500 by control call, so the resent pay below reaches the ledger.
            await h.simulator.ledger.override(.httpError500, count: 1)
            let command = try SimulatorHarness.command(code: paymentCode("00"))
            #expect(await h.client.pay(command) == .unknown(.httpStatus(500)))
            let reference = PaymentReference.paymentRequestId(command.paymentRequestId)
            #expect(await h.client.inquire(reference) == .notFound)
            guard case .cancelled = await h.client.cancel(reference) else {
                Issue.record("cancel closes an order the acquirer never saw")
                return
            }
            // The same attempt arriving late can no longer succeed.
            guard case .declined(.orderClosed, _, _) = await h.client.pay(command) else {
                Issue.record("a late pay after cancel must be refused")
                return
            }
            #expect(await h.ledger().payments.isEmpty)
        }
    }

    @Test func slowResponseTimesOutAfterSendAndInquirySettlesIt() async throws {
        try await SimulatorHarness.with(slowResponseDelay: .milliseconds(1500), payTimeout: .milliseconds(400)) { h in
            let command = try SimulatorHarness.command(code: paymentCode(Scenario.slowResponse.suffix))
            #expect(await h.client.pay(command) == .unknown(.transport(.timeoutAfterSend)))
            guard case .paid = await h.client.inquire(.paymentRequestId(command.paymentRequestId)) else {
                Issue.record("inquiry must find the slow payment paid")
                return
            }
        }
    }

    @Test("unsigned or forged responses are never success", arguments: [
        (Scenario.unsignedResponse, SecurityIssue.missingSignature),
        (.forgedSignature, .invalidSignature),
    ])
    func untrustedResponse(scenario: Scenario, issue: SecurityIssue) async throws {
        try await SimulatorHarness.with { h in
            let command = try SimulatorHarness.command(code: paymentCode(scenario.suffix))
            #expect(await h.client.pay(command) == .unknown(.unverifiedResponse(issue, claimedResultCode: "SUCCESS")))
            let warnings = h.logs.securityWarnings
            #expect(warnings.count == 1)
            #expect(warnings.first?.fields["issue"] == issue.rawValue)
            guard case .paid = await h.client.inquire(.paymentRequestId(command.paymentRequestId)) else {
                Issue.record("a signed inquiry settles it")
                return
            }
        }
    }

    @Test func responsesSignedByAnotherKeyAreNotTrusted() async throws {
        try await SimulatorHarness.with(acquirerKey: try TestKeys.stranger.get().publicKey()) { h in
            let command = try SimulatorHarness.command(code: paymentCode("00"))
            #expect(await h.client.pay(command) == .unknown(.unverifiedResponse(.invalidSignature, claimedResultCode: "SUCCESS")))
            #expect(h.logs.securityWarnings.count == 1)
        }
    }

    @Test func controlCallOverridesTheCodeForTheNextPays() async throws {
        try await SimulatorHarness.with { h in
            try await SimulatorControl(port: h.port).setScenario(.httpError500, count: 1)
            let first = try SimulatorHarness.command(code: paymentCode("00"))
            #expect(await h.client.pay(first) == .unknown(.httpStatus(500)))
            guard case .success = await h.client.pay(try SimulatorHarness.command(code: paymentCode("00"))) else {
                Issue.record("the override applies to one pay only")
                return
            }
        }
    }
}
