import Antom
import Journal

extension SettlementEngine {
    /// Cancels a payment whose outcome stayed unknown (or a second success for a paid order),
    /// retrying with backoff until the acquirer confirms. A successful cancel means no money
    /// moved or it went back; past the cancel window a person has to look.
    func cancel(_ attempt: Attempt) async {
        guard claim(attempt.paymentRequestId) else { return }
        defer { release(attempt.paymentRequestId) }
        let outcome = await acquirer.cancel(attempt.paymentReference)
        let now = clock.now()
        switch outcome {
        case .cancelled:
            await record(attempt, Transition(to: .cancelled, reason: "cancel: SUCCESS", at: now, countsCancelTry: true))
            publish(.cancelled, order: attempt.orderReference, attempt: attempt.id)
        case .rejected(let code, _):
            await cancelAgain(attempt, at: now, reason: "cancel: \(code)")
        case .unknown(let reason):
            await cancelAgain(attempt, at: now, reason: "cancel: \(reason)")
        case .configurationError(let problem):
            await cancelAgain(attempt, at: now, reason: "cancel: configuration \(problem)")
        }
    }

    private func cancelAgain(_ attempt: Attempt, at now: Int64, reason: String) async {
        let cancellingSince = await enteredCancelling(attempt) ?? attempt.updatedAt
        if now - cancellingSince >= policy.cancelWindow.ms {
            await record(attempt, Transition(to: .needsAttention, reason: "\(reason); cancel window over", at: now, countsCancelTry: true))
            logger.critical("payment needs a person: cancel kept failing", metadata: ["attempt": "\(attempt.id)", "order": "\(attempt.orderReference)"])
            publish(.needsAttention, order: attempt.orderReference, attempt: attempt.id)
            return
        }
        let delay = policy.cancelDelay(afterTries: attempt.cancelTries + 1).ms
        do {
            try await journal.reschedule(attempt.id, at: now, nextActionAt: now + delay, countsCancelTry: true, reason: reason)
        } catch {
            logger.error("journal refused to reschedule a cancel", metadata: ["attempt": "\(attempt.id)", "error": "\(error)"])
        }
    }

    private func enteredCancelling(_ attempt: Attempt) async -> Int64? {
        (try? await journal.history(attempt.id))?.last { $0.to == .cancelling }?.at
    }
}
