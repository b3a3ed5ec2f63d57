import PaymentModel
import Journal

extension SettlementEngine {
    /// Cancels a payment whose outcome stayed unknown (or a second success for a paid order),
    /// retrying with backoff until the acquirer confirms. A successful cancel means no money
    /// moved or it went back.
    ///
    /// A cancel refused (F) or unanswered is followed by an inquiry before anything else: the
    /// usual reason for a refusal is that the payment completed meanwhile, and then the customer
    /// has paid and must be shown so. Past the cancel deadline a person has to look.
    func cancel(_ attempt: Attempt) async {
        guard claim(attempt.paymentRequestId) else { return }
        defer { release(attempt.paymentRequestId) }
        let outcome = await acquirer.cancel(attempt.paymentReference)
        let now = clock.now()
        switch outcome {
        case .cancelled:
            await record(attempt, Transition(to: .cancelled, reason: attempt.isReversal ? "reversed: cancel SUCCESS" : "cancel: SUCCESS", at: now,
                                             countsCancelTry: true))
            publishCancelled(attempt)
        case .rejected(let code, _):
            await followUp(attempt, cancel: "cancel: F \(code)")
        case .unknown(let reason):
            await followUp(attempt, cancel: "cancel: \(reason)")
        case .configurationError(let problem):
            await cancelAgain(attempt, at: now, reason: "cancel: configuration \(problem)")
        }
    }

    /// What the acquirer says of a payment whose cancel did not land.
    private func followUp(_ attempt: Attempt, cancel: String) async {
        let answer = await acquirer.inquire(attempt.paymentReference)
        let now = clock.now()
        switch answer {
        case .paid(let receipt):
            let reason = "\(cancel); inquiry: SUCCESS"
            if let amount = receipt.amount, amount.minorUnits != attempt.amountMinor || amount.currency.code != attempt.currency {
                // Money moved, but not the order's amount: reversing it stays right.
                await cancelAgain(attempt, at: now, reason: "\(reason) for another amount \(amount.minorUnits) \(amount.currency.code)")
                return
            }
            if attempt.isReversal {
                // A reversal the acquirer would not make: the payment stands, paid. Only a refund
                // gives the money back now.
                await restorePaid(attempt, reason: "\(reason): the reversal was refused, the payment stands; refund it instead", at: now)
                return
            }
            let siblings = (try? await journal.attempts(order: attempt.orderReference)) ?? []
            if siblings.contains(where: { $0.state == .succeeded && $0.id != attempt.id }) {
                // The order was paid by another attempt and this payment can no longer be
                // cancelled: the customer paid twice. Only a refund gives it back.
                await giveUp(attempt, at: now, reason: "\(reason); the order was already paid by another attempt: refund payment \(receipt.paymentId ?? attempt.paymentRequestId)")
                return
            }
            await recordSuccess(attempt, receipt, reason: reason, at: now)
        case .cancelled:
            await record(attempt, Transition(to: .cancelled, reason: "\(cancel); inquiry: CANCELLED", at: now, resultCode: "CANCELLED", countsCancelTry: true))
            publishCancelled(attempt)
        case .failed(let decline, let code, _):
            await record(attempt, Transition(to: .failed, reason: "\(cancel); inquiry: FAIL \(code)", at: now, resultCode: code, declineReason: decline.rawValue, countsCancelTry: true))
            publish(.declined(decline, resultCode: code), about: attempt)
        case .processing(let status):
            await cancelAgain(attempt, at: now, reason: "\(cancel); inquiry: \(status)")
        case .notFound:
            await cancelAgain(attempt, at: now, reason: "\(cancel); inquiry: ORDER_NOT_EXIST")
        case .unknown(let reason):
            await cancelAgain(attempt, at: now, reason: "\(cancel); inquiry: \(reason)")
        case .configurationError(let problem):
            await cancelAgain(attempt, at: now, reason: "\(cancel); inquiry: configuration \(problem)")
        }
    }

    /// Another cancel later, or a person once the cancel deadline has passed. `reason` carries the
    /// last cancel's and the last inquiry's answers, which is what the person needs.
    private func cancelAgain(_ attempt: Attempt, at now: Int64, reason: String) async {
        let deadline = policy.cancelDeadline.instant(forPaymentAt: attempt.capturedAt)
        if now >= deadline {
            await giveUp(attempt, at: now, reason: "\(reason); past the cancel deadline (\(policy.cancelDeadline.description))")
            return
        }
        let delay = min(policy.cancelDelay(afterTries: attempt.cancelTries + 1).ms, max(deadline - now, 0))
        do {
            try await journal.reschedule(attempt.id, at: now, nextActionAt: now + delay, countsCancelTry: true, reason: reason)
        } catch {
            logger.error("journal refused to reschedule a cancel", metadata: ["attempt": "\(attempt.id)", "error": "\(error)"])
        }
    }

    private func giveUp(_ attempt: Attempt, at now: Int64, reason: String) async {
        await record(attempt, Transition(to: .needsAttention, reason: reason, at: now, countsCancelTry: true))
        logger.critical("payment needs a person", metadata: ["attempt": "\(attempt.id)", "order": "\(attempt.orderReference)", "reason": "\(reason)"])
        publish(.needsAttention, about: attempt)
    }

    private func publishCancelled(_ attempt: Attempt) {
        if let source = attempt.reversalSource {
            publish(.reversed(source: source), about: attempt)
        } else {
            publish(.cancelled, about: attempt)
        }
    }

    /// Back to paid after a reversal that did not happen; nothing is shown again, the order was
    /// paid all along.
    private func restorePaid(_ attempt: Attempt, reason: String, at now: Int64) async {
        await record(attempt, Transition(to: .succeeded, reason: reason, at: now, countsCancelTry: true))
    }
}
