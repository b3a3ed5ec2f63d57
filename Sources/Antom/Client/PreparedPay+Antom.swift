import PaymentModel

/// What `AntomClient.preparePay` puts inside the model's opaque `PreparedPay`: the signed call, or
/// why none could be made. Only this client opens it.
enum AntomPreparation: Sendable {
    case signed(AntomClient.SignedCall)
    case problem(ConfigurationProblem)
}

extension PreparedPay {
    init(command: PayCommand, signed: AntomClient.SignedCall) {
        self.init(command: command, payload: AntomPreparation.signed(signed))
    }

    init(command: PayCommand, problem: ConfigurationProblem) {
        self.init(command: command, payload: AntomPreparation.problem(problem))
    }

    var signed: AntomClient.SignedCall? {
        if case .signed(let call)? = payload as? AntomPreparation { return call }
        return nil
    }

    var problem: ConfigurationProblem? {
        if case .problem(let problem)? = payload as? AntomPreparation { return problem }
        return nil
    }
}

extension PaymentReference {
    var lookup: PaymentLookup {
        switch self {
        case .paymentRequestId(let id): return PaymentLookup(paymentRequestId: id.value)
        case .paymentId(let id): return PaymentLookup(paymentId: id)
        }
    }
}
