import Antom
import PaymentModel

/// The simulated acquirer's books, with Antom's rules: paymentRequestId is idempotent, codes are
/// single-use, cancel closes paid or unpaid orders, refunds only after success and only up to
/// the paid amount.
public actor Ledger {
    struct Payment {
        var request: PayRequest
        var paymentId: String
        var scenario: Scenario
        var status: PaymentStatus
        var inquiriesLeft: Int
        var paymentTime: String?
        var refunded: Int64 = 0
        var refunds: [String: Refund] = [:]
        /// Reached SUCCESS at some point (a later cancel reverses it but it still counts).
        var everPaid = false
    }

    struct Refund {
        var request: RefundRequest
        var response: RefundResponse
    }

    enum PaymentStatus: String {
        case processing = "PROCESSING"
        case success = "SUCCESS"
        case fail = "FAIL"
        case cancelled = "CANCELLED"
    }

    var payments: [String: Payment] = [:]
    var byPaymentId: [String: String] = [:]
    var codeOwner: [String: String] = [:]
    /// paymentRequestIds cancelled before any pay arrived: a late pay must not succeed.
    var closedBeforePay: Set<String> = []
    var failCodes: [String: String] = [:]
    var counter = 0
    var requests = 0
    var rejectedSignatures = 0
    var warmups = 0
    var timesPaid: [String: Int] = [:]
    /// Payment codes (in full) by how often they paid.
    var codesPaid: [String: Int] = [:]
    var overrides: [(Scenario, Int)] = []
    let configuration: SimulatorConfiguration

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
    }

    func countRequest(signatureValid: Bool) {
        requests += 1
        if !signatureValid { rejectedSignatures += 1 }
    }

    func countWarmup() { warmups += 1 }

    /// The next `count` pays use `scenario` whatever their code says.
    public func override(_ scenario: Scenario, count: Int) {
        overrides.append((scenario, count))
    }

    /// Picks the scenario for a pay: a pending override first, else the code's suffix.
    func scenario(for code: String) -> Scenario {
        guard let (scenario, count) = overrides.first else { return Scenario.forCode(code) }
        if count <= 1 { overrides.removeFirst() } else { overrides[0].1 = count - 1 }
        return scenario
    }

    func pay(_ request: PayRequest, scenario: Scenario) -> PayResponse {
        let id = request.paymentRequestId
        if closedBeforePay.contains(id) { return PayResponse(result: Self.fail("ORDER_IS_CLOSED"), paymentRequestId: id) }
        if let existing = payments[id] {
            guard existing.request == request else {
                return PayResponse(result: Self.fail("REPEAT_REQ_INCONSISTENT", "paymentRequestId reused with a different request"))
            }
            return payResponse(existing)
        }
        guard configuration.supportedCurrencies.contains(request.paymentAmount.currency) else {
            return PayResponse(result: Self.fail("CURRENCY_NOT_SUPPORT"), paymentRequestId: id)
        }
        if scenario == .accessDenied {
            return PayResponse(result: Self.fail("ACCESS_DENIED", "merchant not allowed to use in-store payments"), paymentRequestId: id)
        }
        guard Int64(request.paymentAmount.value).map({ $0 > 0 }) == true, request.paymentAmount == request.order.orderAmount else {
            return PayResponse(result: Self.fail("PARAM_ILLEGAL", "amounts must be equal positive minor units"), paymentRequestId: id)
        }
        counter += 1
        var payment = Payment(request: request, paymentId: "SIMPAY\(String(counter).leftPadded(8))", scenario: scenario,
                              status: .processing, inquiriesLeft: configuration.passwordInquiries)
        let code = request.paymentMethod.paymentMethodId
        if codeOwner[code] != nil {
            payment.status = .fail
            failCodes[id] = "INVALID_PAYMENT_CODE"
        } else if let decline = scenario.declineCode {
            payment.status = .fail
            failCodes[id] = decline
        } else if ![.passwordThenSuccess, .passwordThenFail, .pendingForever, .passwordThenOtherAmount, .cancelRefusedAfterSuccess].contains(scenario) {
            markPaid(&payment)
        }
        codeOwner[code] = codeOwner[code] ?? id
        payments[id] = payment
        byPaymentId[payment.paymentId] = id
        return payResponse(payment)
    }

    func markPaid(_ payment: inout Payment) {
        payment.status = .success
        payment.everPaid = true
        payment.paymentTime = Timestamp.iso8601(epochSeconds: Timestamp.epochMilliseconds() / 1000, offsetSeconds: 0)
        timesPaid[payment.request.order.referenceOrderId, default: 0] += 1
        codesPaid[payment.request.paymentMethod.paymentMethodId, default: 0] += 1
    }

    /// The answer for the payment's current state: a repeat of a finished pay gets the same result.
    func payResponse(_ payment: Payment) -> PayResponse {
        let id = payment.request.paymentRequestId
        let result: WireResult
        switch payment.status {
        case .success: result = WireResult(resultCode: "SUCCESS", resultStatus: "S", resultMessage: "success")
        case .processing: result = WireResult(resultCode: "PAYMENT_IN_PROCESS", resultStatus: "U", resultMessage: "waiting for the user")
        case .fail: result = Self.fail(failCodes[id] ?? "PROCESS_FAIL")
        case .cancelled: result = Self.fail("ORDER_IS_CLOSED")
        }
        let payer = payment.status == .success ? Self.payer(payment.request.paymentAmount, wallet: configuration.walletName) : nil
        return PayResponse(result: result, paymentRequestId: id, paymentId: payment.paymentId,
                           paymentAmount: payment.request.paymentAmount, paymentTime: payment.paymentTime,
                           pspCustomerInfo: payer?.info, actualPaymentAmount: payer?.actual, paymentQuote: payer?.quote)
    }

    /// Who paid, as a wallet reports it: a CNY wallet paying a USD order is charged at a quoted
    /// rate (7.1), as Alipay CN pays abroad; in any other currency the wallet pays the amount.
    static func payer(_ amount: WireAmount, wallet: String) -> (info: PSPCustomerInfo, actual: WireAmount, quote: WireQuote?) {
        let info = PSPCustomerInfo(pspName: wallet, displayCustomerId: "sim***user")
        guard amount.currency == "USD", let cents = Int64(amount.value) else { return (info, amount, nil) }
        // USD has 2 decimals and CNY too: 7.1 × cents, rounded half up.
        let fen = (cents * 71 + 5) / 10
        return (info, WireAmount(currency: "CNY", value: String(fen)), WireQuote(quoteCurrencyPair: "USD/CNY", quotePrice: "7.10000000"))
    }

    static func fail(_ code: String, _ message: String? = nil) -> WireResult {
        WireResult(resultCode: code, resultStatus: "F", resultMessage: message ?? code.lowercased().replacingOccurrences(of: "_", with: " "))
    }

    func paymentKey(_ lookup: PaymentLookup) -> String? {
        if let paymentId = lookup.paymentId { return byPaymentId[paymentId] }
        return lookup.paymentRequestId
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
