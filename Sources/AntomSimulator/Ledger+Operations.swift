import Antom
import PaymentModel
import Money

extension Ledger {
    func inquire(_ lookup: PaymentLookup) -> InquiryResponse {
        guard let key = paymentKey(lookup), var payment = payments[key] else {
            return InquiryResponse(result: Self.fail("ORDER_NOT_EXIST"))
        }
        if payment.status == .processing, payment.scenario != .pendingForever, payment.scenario != .cancelRefusedAfterSuccess {
            payment.inquiriesLeft -= 1
            if payment.inquiriesLeft <= 0 {
                if payment.scenario == .passwordThenFail {
                    payment.status = .fail
                    failCodes[key] = "USER_PAYMENT_VERIFICATION_FAILED"
                } else {
                    markPaid(&payment)
                }
            }
            payments[key] = payment
        }
        let resultCode: String
        switch payment.status {
        case .success: resultCode = "SUCCESS"
        case .processing: resultCode = "PAYMENT_IN_PROCESS"
        case .fail: resultCode = failCodes[key] ?? "PROCESS_FAIL"
        case .cancelled: resultCode = "ORDER_IS_CLOSED"
        }
        var amount = payment.request.paymentAmount
        if payment.scenario == .passwordThenOtherAmount, let value = Int64(amount.value) { amount.value = String(value + 1) }
        let payer = payment.status == .success ? Self.payer(amount, wallet: configuration.walletName) : nil
        return InquiryResponse(result: WireResult(resultCode: "SUCCESS", resultStatus: "S", resultMessage: "success"),
                               paymentStatus: payment.status.rawValue, paymentResultCode: resultCode,
                               paymentRequestId: key, paymentId: payment.paymentId,
                               paymentAmount: amount, paymentTime: payment.paymentTime, pspCustomerInfo: payer?.info,
                               actualPaymentAmount: payer?.actual, paymentQuote: payer?.quote)
    }

    /// Closes the order whatever its state; a paid one is reversed in full. Cancelling an id the
    /// ledger has never seen closes it too, so a pay that arrives late cannot succeed.
    func cancel(_ lookup: PaymentLookup) -> CancelResponse {
        let now = Timestamp.iso8601(epochSeconds: Timestamp.epochMilliseconds() / 1000, offsetSeconds: 0)
        let ok = WireResult(resultCode: "SUCCESS", resultStatus: "S", resultMessage: "success")
        guard let key = paymentKey(lookup) else { return CancelResponse(result: Self.fail("ORDER_NOT_EXIST")) }
        guard var payment = payments[key] else {
            closedBeforePay.insert(key)
            return CancelResponse(result: ok, paymentRequestId: key, cancelTime: now)
        }
        if payment.scenario == .cancelRefusedAfterSuccess, payment.status != .cancelled {
            if payment.status == .processing { markPaid(&payment) }
            payments[key] = payment
            return CancelResponse(result: Self.fail("ORDER_STATUS_INVALID", "the payment completed; it can no longer be cancelled"),
                                  paymentId: payment.paymentId, paymentRequestId: key)
        }
        if payment.status == .success {
            payment.refunded = Int64(payment.request.paymentAmount.value) ?? 0
        }
        payment.status = .cancelled
        payments[key] = payment
        return CancelResponse(result: ok, paymentId: payment.paymentId, paymentRequestId: key, cancelTime: now)
    }

    func refund(_ request: RefundRequest) -> RefundResponse {
        guard let key = byPaymentId[request.paymentId], var payment = payments[key] else {
            return RefundResponse(result: Self.fail("ORDER_NOT_EXIST"))
        }
        if let earlier = payment.refunds[request.refundRequestId] {
            return earlier.request == request ? earlier.response
                : RefundResponse(result: Self.fail("REPEAT_REQ_INCONSISTENT", "refundRequestId reused with a different request"))
        }
        guard payment.status == .success else { return RefundResponse(result: Self.fail("ORDER_STATUS_INVALID")) }
        let paid = Int64(payment.request.paymentAmount.value) ?? 0
        guard request.refundAmount.currency == payment.request.paymentAmount.currency,
              let amount = Int64(request.refundAmount.value), amount > 0
        else { return RefundResponse(result: Self.fail("PARAM_ILLEGAL", "refund amount must be positive, in the payment currency")) }
        guard amount <= paid - payment.refunded else {
            return RefundResponse(result: Self.fail("REFUND_AMOUNT_EXCEED", "refunds would exceed the paid amount"))
        }
        counter += 1
        payment.refunded += amount
        let response = RefundResponse(
            result: WireResult(resultCode: "SUCCESS", resultStatus: "S", resultMessage: "success"),
            refundRequestId: request.refundRequestId, refundId: "SIMREF\(String(counter).leftPadded(8))",
            paymentId: payment.paymentId, refundAmount: request.refundAmount,
            refundTime: Timestamp.iso8601(epochSeconds: Timestamp.epochMilliseconds() / 1000, offsetSeconds: 0))
        payment.refunds[request.refundRequestId] = Refund(request: request, response: response)
        payments[key] = payment
        return response
    }

    /// A refund by its request id, wherever it was booked; ORDER_NOT_EXIST when none was.
    func inquireRefund(_ lookup: RefundLookup) -> RefundInquiryResponse {
        for payment in payments.values {
            for refund in payment.refunds.values
            where refund.request.refundRequestId == lookup.refundRequestId || (lookup.refundId != nil && refund.response.refundId == lookup.refundId) {
                return RefundInquiryResponse(
                    result: WireResult(resultCode: "SUCCESS", resultStatus: "S", resultMessage: "success"),
                    refundId: refund.response.refundId, refundRequestId: refund.request.refundRequestId,
                    refundAmount: refund.request.refundAmount, refundTime: refund.response.refundTime, refundStatus: "SUCCESS")
            }
        }
        return RefundInquiryResponse(result: Self.fail("ORDER_NOT_EXIST", "no such refund"))
    }

    /// Everything a test needs to check "no order paid twice" and friends.
    public func snapshot() -> LedgerSnapshot {
        let entries = payments.values.sorted { $0.paymentId < $1.paymentId }.map { payment in
            LedgerSnapshot.Entry(
                paymentRequestId: payment.request.paymentRequestId, paymentId: payment.paymentId,
                referenceOrderId: payment.request.order.referenceOrderId,
                maskedCode: PaymentCodeMask.mask(payment.request.paymentMethod.paymentMethodId),
                status: payment.status.rawValue, amount: payment.request.paymentAmount,
                refunded: String(payment.refunded), everPaid: payment.everPaid)
        }
        return LedgerSnapshot(requests: requests, rejectedSignatures: rejectedSignatures, warmups: warmups, payments: entries,
                              ordersPaidMoreThanOnce: timesPaid.filter { $0.value > 1 }.keys.sorted(),
                              codesPaidMoreThanOnce: codesPaid.filter { $0.value > 1 }.keys.map(PaymentCodeMask.mask).sorted())
    }
}

/// The ledger as the control endpoint `GET /sim/ledger` returns it.
public struct LedgerSnapshot: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var paymentRequestId: String
        public var paymentId: String
        public var referenceOrderId: String
        public var maskedCode: String
        public var status: String
        public var amount: WireAmount
        public var refunded: String
        public var everPaid: Bool
    }

    /// API requests received (control calls not counted).
    public var requests: Int
    /// Requests refused because their signature did not verify.
    public var rejectedSignatures: Int
    /// Keep-warm requests (any method on `/`).
    public var warmups: Int
    public var payments: [Entry]
    /// referenceOrderIds that reached SUCCESS more than once: must always be empty.
    public var ordersPaidMoreThanOnce: [String]
    /// Payment codes (masked) that paid more than once, judged on the full codes: two codes can
    /// share a mask. Must always be empty.
    public var codesPaidMoreThanOnce: [String]

    public func entry(_ paymentRequestId: String) -> Entry? {
        payments.first { $0.paymentRequestId == paymentRequestId }
    }
}
