import PaymentModel
@testable import Antom
import Testing

@Suite("resultStatus + resultCode → outcome")
struct OutcomeMappingTests {
    @Test("the table", arguments: [
        ("S", "SUCCESS", ResultCategory.success),
        ("U", "PAYMENT_IN_PROCESS", .unknown),
        ("U", "UNKNOWN_EXCEPTION", .unknown),
        ("U", "REQUEST_TRAFFIC_EXCEED_LIMIT", .unknown),
        ("U", "SOMETHING_NEW", .unknown),
        ("F", "USER_BALANCE_NOT_ENOUGH", .declined(.insufficientFunds)),
        ("F", "USER_PAYMENT_VERIFICATION_FAILED", .declined(.verificationFailed)),
        ("F", "USER_AMOUNT_EXCEED_LIMIT", .declined(.limit)),
        ("F", "PAYMENT_AMOUNT_EXCEED_LIMIT", .declined(.limit)),
        ("F", "PAYMENT_COUNT_EXCEED_LIMIT", .declined(.limit)),
        ("F", "RISK_REJECT", .declined(.risk)),
        ("F", "INVALID_PAYMENT_CODE", .declined(.invalidOrExpiredCode)),
        ("F", "INVALID_CODE", .declined(.invalidOrExpiredCode)),
        ("F", "EXPIRED_CODE", .declined(.invalidOrExpiredCode)),
        ("F", "ORDER_IS_CLOSED", .declined(.orderClosed)),
        ("F", "ORDER_IS_CANCELED", .declined(.orderClosed)),
        ("F", "USER_NOT_EXIST", .declined(.other)),
        ("F", "PROCESS_FAIL", .declined(.other)),
        ("F", "REPEAT_REQ_INCONSISTENT", .unknown),  // the id exists: possibly paid, so inquire
        ("F", "A_CODE_NOBODY_HAS_SEEN", .declined(.other)),
        ("F", "INVALID_SIGNATURE", .configurationError),
        ("F", "ACCESS_DENIED", .configurationError),
        ("F", "KEY_NOT_FOUND", .configurationError),
        ("F", "INVALID_CLIENT", .configurationError),
        ("F", "NO_INTERFACE_DEF", .configurationError),
        ("F", "CURRENCY_NOT_SUPPORT", .configurationError),
        ("F", "MERCHANT_NOT_REGISTERED", .configurationError),
        ("F", "PARAM_ILLEGAL", .configurationError),
        ("X", "SUCCESS", .unknown),
        ("", "SUCCESS", .unknown),
    ])
    func mapping(status: String, code: String, expected: ResultCategory) {
        #expect(ResultCodeMapping.category(status: status, code: code) == expected)
    }

    @Test func successMustMatchTheRequest() throws {
        let command = try SimulatorHarness.command(code: paymentCode())
        let ok = WireResult(resultCode: "SUCCESS", resultStatus: "S")
        let otherID = PayResponse(result: ok, paymentRequestId: "someone-else", paymentAmount: WireAmount(command.amount))
        let otherAmount = PayResponse(result: ok, paymentRequestId: command.paymentRequestId.value, paymentAmount: WireAmount(currency: "USD", value: "1"))
        guard case .unknown(.malformedResponse) = AntomClient.payOutcome(otherID, for: command) else {
            Issue.record("a success for another paymentRequestId must not count")
            return
        }
        guard case .unknown(.malformedResponse) = AntomClient.payOutcome(otherAmount, for: command) else {
            Issue.record("a success for another amount must not count")
            return
        }
    }

    /// A signed S proves only what it names: without the request id or the amount it is no
    /// evidence about this payment (issue 15).
    @Test func successMustNameTheRequestAndTheAmount() throws {
        let command = try SimulatorHarness.command(code: paymentCode())
        let ok = WireResult(resultCode: "SUCCESS", resultStatus: "S")
        let noID = PayResponse(result: ok, paymentId: "P1", paymentAmount: WireAmount(command.amount))
        let noAmount = PayResponse(result: ok, paymentRequestId: command.paymentRequestId.value, paymentId: "P1")
        #expect(AntomClient.payOutcome(noID, for: command) == .unknown(.malformedResponse("success without a paymentRequestId")))
        #expect(AntomClient.payOutcome(noAmount, for: command) == .unknown(.malformedResponse("success without a paymentAmount")))
        let named = PayResponse(result: ok, paymentRequestId: command.paymentRequestId.value, paymentId: "P1", paymentAmount: WireAmount(command.amount))
        guard case .success = AntomClient.payOutcome(named, for: command) else {
            Issue.record("a success naming this request and amount is a success")
            return
        }
        let inquiry = InquiryResponse(result: ok, paymentStatus: "SUCCESS", paymentRequestId: command.paymentRequestId.value, paymentId: "P1")
        #expect(AntomClient.inquiryOutcome(inquiry) == .unknown(.malformedResponse("SUCCESS without a paymentAmount")))
    }

    @Test("inquiry: paymentStatus decides, result only says the query worked", arguments: [
        ("S", "SUCCESS", "FAIL", "USER_BALANCE_NOT_ENOUGH", InquiryOutcome.failed(.insufficientFunds, resultCode: "USER_BALANCE_NOT_ENOUGH", message: nil)),
        ("S", "SUCCESS", "CANCELLED", nil, .cancelled),
        ("S", "SUCCESS", "PROCESSING", nil, .processing(status: "PROCESSING")),
        ("S", "SUCCESS", "PENDING", nil, .processing(status: "PENDING")),
        ("S", "SUCCESS", "WHATEVER", nil, .unknown(.malformedResponse("unknown paymentStatus WHATEVER"))),
        ("F", "ORDER_NOT_EXIST", nil, nil, .notFound),
        ("F", "PROCESS_FAIL", nil, nil, .unknown(.queryFailed(resultCode: "PROCESS_FAIL"))),
        ("U", "UNKNOWN_EXCEPTION", nil, nil, .unknown(.inProcess(resultCode: "UNKNOWN_EXCEPTION"))),
        ("F", "KEY_NOT_FOUND", nil, nil, .configurationError(.acquirer(resultCode: "KEY_NOT_FOUND", message: nil))),
    ] as [(String, String, String?, String?, InquiryOutcome)])
    func inquiry(status: String, code: String, paymentStatus: String?, paymentCode: String?, expected: InquiryOutcome) {
        let response = InquiryResponse(result: WireResult(resultCode: code, resultStatus: status), paymentStatus: paymentStatus,
                                       paymentResultCode: paymentCode, paymentRequestId: "R1")
        #expect(AntomClient.inquiryOutcome(response) == expected)
    }
}
