import PaymentModel
import Logging
import Money

extension AntomClient {
    public func pay(_ command: PayCommand) async -> PaymentOutcome {
        await send(preparePay(command))
    }

    /// Checks, encodes and signs a pay without sending it (see `Acquirer.preparePay`).
    public func preparePay(_ command: PayCommand) -> PreparedPay {
        guard command.amount.minorUnits > 0 else { return PreparedPay(command: command, problem: .local("pay amount must be positive")) }
        // Antom takes IDR in minor units but only whole rupiah.
        guard command.amount.currency.code != "IDR" || command.amount.minorUnits % 100 == 0 else {
            return PreparedPay(command: command, problem: .local("IDR amounts must be whole rupiah (minor units ending in 00)"))
        }
        let metadata: Logger.Metadata = [
            "paymentRequestId": "\(command.paymentRequestId.value)", "code": "\(PaymentCodeMask.mask(command.paymentCode))",
        ]
        switch sign(.pay, payRequest(for: command), timeout: configuration.payTimeout, metadata: metadata) {
        case .success(let signed): return PreparedPay(command: command, signed: signed)
        case .failure(let problem): return PreparedPay(command: command, problem: problem)
        }
    }

    /// Sends a prepared pay: the bytes signed in `preparePay`, unchanged.
    public func send(_ prepared: PreparedPay) async -> PaymentOutcome {
        if let problem = prepared.problem { return .configurationError(problem) }
        guard prepared.signed != nil else { return await pay(prepared.command) }
        return await launch(prepared).outcome()
    }

    /// Starts a prepared pay on the transport from the calling thread (see `Acquirer.launch`).
    public func launch(_ prepared: PreparedPay) -> PayInFlight {
        guard prepared.problem == nil, let signed = prepared.signed else { return PayInFlight(sending: prepared, with: self) }
        let pending = start(signed)
        return PayInFlight { [self] in
            let reply = judge(signed, await pending.result, as: PayResponse.self)
            let outcome = Self.payOutcome(reply, for: prepared.command)
            logger.info("pay finished", metadata: signed.metadata.merging(["outcome": "\(outcome)"]) { $1 })
            return outcome
        }
    }

    public func inquire(_ payment: PaymentReference) async -> InquiryOutcome {
        let reply = await call(.inquiryPayment, payment.lookup, timeout: configuration.callTimeout,
                               as: InquiryResponse.self, metadata: ["payment": "\(payment)"])
        // The signature covers the path and body, not which request they answer: a genuine
        // answer about another payment must not settle this one.
        if case .verified(let response) = reply {
            if let other = payment.otherPayment(paymentRequestId: response.paymentRequestId, paymentId: response.paymentId) {
                return .unknown(.malformedResponse("inquiry answer about another payment \(other)"))
            }
            if response.paymentStatus == "SUCCESS", !payment.isNamed(paymentRequestId: response.paymentRequestId, paymentId: response.paymentId) {
                return .unknown(.malformedResponse("inquiry SUCCESS that does not name \(payment)"))
            }
        }
        return Self.inquiryOutcome(reply)
    }

    public func cancel(_ payment: PaymentReference) async -> CancelOutcome {
        let reply = await call(.cancel, payment.lookup, timeout: configuration.callTimeout,
                               as: CancelResponse.self, metadata: ["payment": "\(payment)"])
        switch reply {
        case .unknown(let reason): return .unknown(reason)
        case .configuration(let problem): return .configurationError(problem)
        case .verified(let response):
            if let other = payment.otherPayment(paymentRequestId: response.paymentRequestId, paymentId: response.paymentId) {
                return .unknown(.malformedResponse("cancel answer about another payment \(other)"))
            }
            let result = response.result
            switch ResultCodeMapping.category(status: result.resultStatus, code: result.resultCode) {
            case .success:
                // A cancel S reverses money: it must say which payment it reversed.
                guard payment.isNamed(paymentRequestId: response.paymentRequestId, paymentId: response.paymentId) else {
                    return .unknown(.malformedResponse("cancel SUCCESS that does not name \(payment)"))
                }
                return .cancelled(cancelTime: response.cancelTime)
            case .declined: return .rejected(resultCode: result.resultCode, message: result.resultMessage)
            case .unknown: return .unknown(.inProcess(resultCode: result.resultCode))
            case .configurationError: return .configurationError(.acquirer(resultCode: result.resultCode, message: result.resultMessage))
            }
        }
    }

    public func refund(_ command: RefundCommand) async -> RefundOutcome {
        let request = RefundRequest(refundRequestId: command.refundRequestId.value, paymentId: command.paymentId,
                                    refundAmount: WireAmount(command.amount), refundReason: command.reason)
        let reply = await call(.refund, request, timeout: configuration.callTimeout, as: RefundResponse.self,
                               metadata: ["refundRequestId": "\(command.refundRequestId)"])
        switch reply {
        case .unknown(let reason): return .unknown(reason)
        case .configuration(let problem): return .configurationError(problem)
        case .verified(let response):
            let result = response.result
            switch ResultCodeMapping.category(status: result.resultStatus, code: result.resultCode) {
            case .success: return .refunded(refundId: response.refundId, amount: response.refundAmount?.money ?? command.amount)
            case .declined: return .rejected(resultCode: result.resultCode, message: result.resultMessage)
            case .unknown: return .unknown(.inProcess(resultCode: result.resultCode))
            case .configurationError: return .configurationError(.acquirer(resultCode: result.resultCode, message: result.resultMessage))
            }
        }
    }

    public func inquireRefund(_ refundRequestId: RequestID) async -> RefundInquiryOutcome {
        let reply = await call(.inquiryRefund, RefundLookup(refundRequestId: refundRequestId.value), timeout: configuration.callTimeout,
                               as: RefundInquiryResponse.self, metadata: ["refundRequestId": "\(refundRequestId)"])
        switch reply {
        case .unknown(let reason): return .unknown(reason)
        case .configuration(let problem): return .configurationError(problem)
        case .verified(let response): return Self.refundInquiryOutcome(response, asked: refundRequestId)
        }
    }

    /// A refund SUCCESS must name the refund asked about and its amount, like a payment's.
    static func refundInquiryOutcome(_ response: RefundInquiryResponse, asked: RequestID) -> RefundInquiryOutcome {
        let result = response.result
        switch ResultCodeMapping.category(status: result.resultStatus, code: result.resultCode) {
        case .configurationError: return .configurationError(.acquirer(resultCode: result.resultCode, message: result.resultMessage))
        case .unknown: return .unknown(.inProcess(resultCode: result.resultCode))
        case .declined:
            return ["ORDER_NOT_EXIST", "REFUND_NOT_EXIST"].contains(result.resultCode) ? .notFound : .unknown(.queryFailed(resultCode: result.resultCode))
        case .success: break
        }
        if let named = response.refundRequestId, named != asked.value {
            return .unknown(.malformedResponse("refund inquiry answer about another refund \(named)"))
        }
        switch response.refundStatus {
        case "SUCCESS":
            guard response.refundRequestId == asked.value, let amount = response.refundAmount?.money else {
                return .unknown(.malformedResponse("refund SUCCESS that does not name \(asked) and its amount"))
            }
            return .refunded(refundId: response.refundId, amount: amount)
        case "FAIL": return .failed(resultCode: response.refundResultCode ?? "UNKNOWN", message: response.refundResultMessage)
        case "PROCESSING": return .processing
        default: return .unknown(.malformedResponse("unknown refundStatus \(response.refundStatus ?? "nil")"))
        }
    }

    func payRequest(for command: PayCommand) -> PayRequest {
        let merchant = configuration.merchant
        let seconds = command.createdAt
        let amount = WireAmount(command.amount)
        return PayRequest(
            paymentRequestId: command.paymentRequestId.value,
            paymentAmount: amount,
            paymentMethod: .init(paymentMethodId: command.paymentCode),
            order: .init(
                referenceOrderId: command.referenceOrderId,
                orderDescription: command.orderDescription,
                orderAmount: amount,
                merchant: .init(
                    referenceMerchantId: merchant.referenceMerchantId, merchantMCC: merchant.merchantMCC,
                    merchantName: merchant.merchantName,
                    store: .init(referenceStoreId: merchant.referenceStoreId, storeName: merchant.storeName, storeMCC: merchant.storeMCC)
                ),
                env: .init(storeTerminalId: merchant.storeTerminalId,
                           storeTerminalRequestTime: Timestamp.iso8601(epochSeconds: seconds, offsetSeconds: Timestamp.localOffsetSeconds(at: seconds)))
            ),
            settlementStrategy: merchant.settlementCurrency.map { .init(settlementCurrency: $0.code) },
            paymentNotifyUrl: merchant.paymentNotifyUrl
        )
    }

    /// A pay's outcome from the acquirer's raw answer, exactly as `send(_:)` maps it after the
    /// transport: for the fuzzer (Fuzz/) and for tests that forge answers.
    public static func payOutcome(status: Int, headers: [String: String], body: [UInt8], path: String,
                                  verifier: ResponseVerifier, for command: PayCommand) -> PaymentOutcome {
        payOutcome(reply(status: status, headers: headers, body: body, path: path, verifier: verifier,
                         endpoint: .pay, as: PayResponse.self), for: command)
    }

    /// An inquiry's outcome from the acquirer's raw answer, as `inquire(_:)` maps it.
    public static func inquiryOutcome(status: Int, headers: [String: String], body: [UInt8], path: String,
                                      verifier: ResponseVerifier) -> InquiryOutcome {
        inquiryOutcome(reply(status: status, headers: headers, body: body, path: path, verifier: verifier,
                             endpoint: .inquiryPayment, as: InquiryResponse.self))
    }

    /// A pay's outcome from a body that already passed the signature check: the rest of
    /// `payOutcome(status:…)`. The fuzzer uses it because re-signing each mutated body would cost
    /// a millisecond of RSA per input.
    public static func payOutcome(verifiedBody body: [UInt8], for command: PayCommand) -> PaymentOutcome {
        payOutcome(decodeVerified(body, endpoint: .pay, as: PayResponse.self), for: command)
    }

    /// An inquiry's outcome from a body that already passed the signature check.
    public static func inquiryOutcome(verifiedBody body: [UInt8]) -> InquiryOutcome {
        inquiryOutcome(decodeVerified(body, endpoint: .inquiryPayment, as: InquiryResponse.self))
    }

    static func payOutcome(_ reply: Reply<PayResponse>, for command: PayCommand) -> PaymentOutcome {
        switch reply {
        case .unknown(let reason): .unknown(reason)
        case .configuration(let problem): .configurationError(problem)
        case .verified(let response): payOutcome(response, for: command)
        }
    }

    static func inquiryOutcome(_ reply: Reply<InquiryResponse>) -> InquiryOutcome {
        switch reply {
        case .unknown(let reason): .unknown(reason)
        case .configuration(let problem): .configurationError(problem)
        case .verified(let response): inquiryOutcome(response)
        }
    }

    /// A success must be about this request and this amount; anything else is not trusted.
    static func payOutcome(_ response: PayResponse, for command: PayCommand) -> PaymentOutcome {
        let result = response.result
        switch ResultCodeMapping.category(status: result.resultStatus, code: result.resultCode) {
        case .success:
            // The signature covers the body, not which request it answers: a success that does
            // not name this request and this amount proves nothing about this payment.
            guard let id = response.paymentRequestId else { return .unknown(.malformedResponse("success without a paymentRequestId")) }
            guard id == command.paymentRequestId.value else {
                return .unknown(.malformedResponse("success for another paymentRequestId \(id)"))
            }
            guard let amount = response.paymentAmount else { return .unknown(.malformedResponse("success without a paymentAmount")) }
            guard amount == WireAmount(command.amount) else {
                return .unknown(.malformedResponse("success for another amount \(amount.value) \(amount.currency)"))
            }
            return .success(PaymentReceipt(paymentRequestId: command.paymentRequestId.value, paymentId: response.paymentId,
                                           amount: command.amount, paymentTime: response.paymentTime,
                                           walletName: response.pspCustomerInfo?.pspName,
                                           customerId: response.pspCustomerInfo?.displayCustomerId,
                                           actualAmount: response.actualPaymentAmount?.money, quote: response.paymentQuote?.text))
        case .declined(let reason): return .declined(reason, resultCode: result.resultCode, message: result.resultMessage)
        case .unknown: return .unknown(.inProcess(resultCode: result.resultCode))
        case .configurationError: return .configurationError(.acquirer(resultCode: result.resultCode, message: result.resultMessage))
        }
    }

    /// `result` says whether the query worked; `paymentStatus` says what happened to the payment.
    static func inquiryOutcome(_ response: InquiryResponse) -> InquiryOutcome {
        let result = response.result
        switch ResultCodeMapping.category(status: result.resultStatus, code: result.resultCode) {
        case .configurationError: return .configurationError(.acquirer(resultCode: result.resultCode, message: result.resultMessage))
        case .unknown: return .unknown(.inProcess(resultCode: result.resultCode))
        case .declined: return result.resultCode == "ORDER_NOT_EXIST" ? .notFound : .unknown(.queryFailed(resultCode: result.resultCode))
        case .success: break
        }
        switch response.paymentStatus {
        case "SUCCESS":
            guard let id = response.paymentRequestId ?? response.paymentId else {
                return .unknown(.malformedResponse("SUCCESS without a payment id"))
            }
            // Without the amount nobody can tell that the money moved is the order's.
            guard let amount = response.paymentAmount?.money else { return .unknown(.malformedResponse("SUCCESS without a paymentAmount")) }
            return .paid(PaymentReceipt(paymentRequestId: response.paymentRequestId ?? id, paymentId: response.paymentId,
                                        amount: amount, paymentTime: response.paymentTime, walletName: response.pspCustomerInfo?.pspName,
                                        customerId: response.pspCustomerInfo?.displayCustomerId,
                                        actualAmount: response.actualPaymentAmount?.money, quote: response.paymentQuote?.text))
        case "FAIL":
            let code = response.paymentResultCode ?? "UNKNOWN"
            return .failed(ResultCodeMapping.declineReasons[code] ?? .other, resultCode: code, message: response.paymentResultMessage)
        case "CANCELLED": return .cancelled
        case "PROCESSING", "PENDING": return .processing(status: response.paymentStatus ?? "")
        default: return .unknown(.malformedResponse("unknown paymentStatus \(response.paymentStatus ?? "nil")"))
        }
    }
}

extension PaymentReference {
    /// The id a signed answer names when it is not this payment's, else nil. The signature covers
    /// the path and the body, not the request, so a genuine answer about another payment (replayed,
    /// or crossed by a gateway) verifies; like pay, an inquiry or cancel answer must be about
    /// *this* payment. An answer that names no id is judged by the rest of its content.
    /// True when an answer names the id this payment was asked by.
    func isNamed(paymentRequestId: String?, paymentId: String?) -> Bool {
        switch self {
        case .paymentRequestId(let asked): paymentRequestId == asked.value
        case .paymentId(let asked): paymentId == asked
        }
    }

    func otherPayment(paymentRequestId: String?, paymentId: String?) -> String? {
        switch self {
        case .paymentRequestId(let asked):
            if let named = paymentRequestId, named != asked.value { return named }
        case .paymentId(let asked):
            if let named = paymentId, named != asked { return named }
        }
        return nil
    }
}
