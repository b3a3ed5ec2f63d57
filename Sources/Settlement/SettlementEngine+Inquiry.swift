import PaymentModel
import Journal
import Money

extension SettlementEngine {
    /// Asks the acquirer what became of an unknown pay. Every `inquiryInterval` until the
    /// budget is spent; then the payment is cancelled. Only a verified SUCCESS is success.
    func inquire(_ attempt: Attempt) async {
        guard claim(attempt.paymentRequestId) else { return }
        defer { release(attempt.paymentRequestId) }
        var attempt = attempt
        if attempt.state == .unknown {
            guard let inquiring = await record(attempt, Transition(to: .inquiring, reason: "inquiring", at: clock.now())) else { return }
            attempt = inquiring
        }
        let outcome = await acquirer.inquire(attempt.paymentReference)
        let now = clock.now()
        switch outcome {
        case .paid(let receipt):
            if let amount = receipt.amount, amount.minorUnits != attempt.amountMinor || amount.currency.code != attempt.currency {
                // Money moved, but not what this order asked for: never shown as paid. The cancel
                // reverses it; past the cancel window a person has to look.
                logger.critical("inquiry: SUCCESS for another amount; cancelling it", metadata: [
                    "attempt": "\(attempt.id)", "order": "\(attempt.orderReference)", "asked": "\(attempt.amountMinor) \(attempt.currency)",
                    "answered": "\(amount.minorUnits) \(amount.currency.code)",
                ])
                await record(attempt, Transition(to: .cancelling, reason: "inquiry: SUCCESS for another amount \(amount.minorUnits) \(amount.currency.code)",
                                                 at: now, nextActionAt: now, paymentId: receipt.paymentId, countsInquiry: true))
                return
            }
            await recordSuccess(attempt, receipt, reason: "inquiry: SUCCESS", at: now)
        case .failed(let reason, let code, _):
            await record(attempt, Transition(to: .failed, reason: "inquiry: FAIL \(code)", at: now, resultCode: code, declineReason: reason.rawValue, countsInquiry: true))
            publish(.declined(reason, resultCode: code), about: attempt)
        case .cancelled:
            // Closed at the acquirer (by another party, or a cancel whose answer we lost): not paid.
            await record(attempt, Transition(to: .failed, reason: "inquiry: CANCELLED", at: now, resultCode: "CANCELLED", countsInquiry: true))
            publish(.cancelled, about: attempt)
        case .processing(let status):
            await inquireAgain(attempt, at: now, reason: "inquiry: \(status)")
            if attempt.inquiries == 0 { publish(.waitingForCustomer, about: attempt) }
        case .notFound:
            await inquireAgain(attempt, at: now, reason: "inquiry: ORDER_NOT_EXIST")
        case .unknown(let reason):
            await inquireAgain(attempt, at: now, reason: "inquiry: \(reason)")
        case .configurationError(let problem):
            await inquireAgain(attempt, at: now, reason: "inquiry: configuration \(problem)")
            publish(.configurationError("\(problem)"), about: attempt)
        }
    }

    /// Another inquiry later, or the cancel once the budget is spent.
    private func inquireAgain(_ attempt: Attempt, at now: Int64, reason: String) async {
        if attempt.inquiries + 1 >= policy.maxInquiries, !policy.cancelSupported {
            let why = "\(reason); still unknown after \(attempt.inquiries + 1) inquiries, and this contract's payments cannot be cancelled (settlement.cancel-supported = false): check it with the acquirer"
            await record(attempt, Transition(to: .needsAttention, reason: why, at: now, countsInquiry: true))
            logger.critical("payment needs a person", metadata: ["attempt": "\(attempt.id)", "order": "\(attempt.orderReference)", "reason": "\(why)"])
            publish(.needsAttention, about: attempt)
            return
        }
        if attempt.inquiries + 1 >= policy.maxInquiries {
            await record(attempt, Transition(to: .cancelling, reason: "\(reason); still unknown after \(attempt.inquiries + 1) inquiries",
                                             at: now, nextActionAt: now, countsInquiry: true))
            return
        }
        do {
            try await journal.reschedule(attempt.id, at: now, nextActionAt: now + policy.inquiryInterval.ms, countsInquiry: true, reason: reason)
        } catch {
            logger.error("journal refused to reschedule an inquiry", metadata: ["attempt": "\(attempt.id)", "error": "\(error)"])
        }
    }
}
