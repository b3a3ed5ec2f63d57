import PaymentModel
import Journal

extension SettlementEngine {
    /// Records what pay answered. Only a verified success is success; an answer that cannot be
    /// trusted, or none, is unknown and goes to inquiry.
    func applyPay(_ outcome: PaymentOutcome, to attempt: Attempt) async {
        let now = clock.now()
        switch outcome {
        case .success(let receipt):
            await recordSuccess(attempt, receipt, reason: "pay: SUCCESS", at: now)
        case .declined(let reason, let code, _):
            await record(attempt, Transition(to: .declined, reason: "pay: \(code)", at: now, resultCode: code, declineReason: reason.rawValue))
            publish(.declined(reason, resultCode: code), about: attempt)
        case .unknown(.transport(let error)) where !error.requestMayHaveReachedAcquirer:
            // Nothing left the box: queue it; the same request goes again while the code is valid.
            let retry = now + offlineRetryDelay(capturedAt: attempt.capturedAt, now: now)
            await record(attempt, Transition(to: .captured, reason: "not sent: \(error)", at: now, nextActionAt: min(retry, attempt.codeExpiresAt)))
            // Said once per attempt: the merchant hears "queued" once, not at every retry.
            if attempt.updatedAt == attempt.capturedAt {
                logger.warning("acquirer unreachable; payment queued", metadata: ["attempt": "\(attempt.id)", "error": "\(error)"])
                publish(.queuedOffline, about: attempt)
            }
        case .unknown(let reason):
            await record(attempt, Transition(to: .unknown, reason: "pay: \(reason)", at: now, nextActionAt: now))
            if case .inProcess = reason {
                publish(.waitingForCustomer, about: attempt)
            }
        case .configurationError(let problem):
            // The acquirer said F (or nothing was sent): no money moved, and retrying won't help.
            await record(attempt, Transition(to: .declined, reason: "configuration: \(problem)", at: now))
            publish(.configurationError("\(problem)"), about: attempt)
        }
    }

    /// Exponential in the time already spent offline, with ±20 % jitter so a shop's boxes do not
    /// all knock at once when the link returns.
    func offlineRetryDelay(capturedAt: Int64, now: Int64) -> Int64 {
        let base = min(max(policy.offlineRetryMin.ms, (now - capturedAt) / 2), policy.offlineRetryMax.ms)
        return base + Int64.random(in: -(base / 5)...(base / 5))
    }

    /// Sends a queued pay whose code is still valid, or expires it (nothing was ever delivered, so
    /// nothing needs reversing).
    func sendQueued(_ attempt: Attempt) async {
        let now = clock.now()
        guard now < attempt.codeExpiresAt else {
            await record(attempt, Transition(to: .expired, reason: "never sent; code validity ran out", at: now))
            publish(.expired, about: attempt)
            return
        }
        guard let sending = await record(attempt, Transition(to: .submitting, reason: "sending queued pay", at: now)) else { return }
        await send(sending)
    }

    /// Success, unless another attempt already paid this order: then this payment is reversed.
    func recordSuccess(_ attempt: Attempt, _ receipt: PaymentReceipt, reason: String, at now: Int64) async {
        let paymentId = receipt.paymentId
        let wallet = receipt.walletName
        do {
            try await journal.transition(attempt.id, Transition(to: .succeeded, reason: reason, at: now, paymentId: paymentId,
                                                                payer: Self.payer(of: receipt)))
            logger.notice("payment succeeded", metadata: ["attempt": "\(attempt.id)", "order": "\(attempt.orderReference)", "paymentId": "\(paymentId ?? "-")"])
            publish(.succeeded(paymentId: paymentId), about: attempt, wallet: wallet)
        } catch {
            let siblings = (try? await journal.attempts(order: attempt.orderReference)) ?? []
            guard siblings.contains(where: { $0.state == .succeeded && $0.id != attempt.id }) else {
                // Not a second payment: this attempt moved on meanwhile. Ask the acquirer again
                // rather than guess; only its answer may make it paid.
                logger.error("journal refused a success; inquiring again", metadata: ["attempt": "\(attempt.id)", "error": "\(error)"])
                _ = try? await journal.reschedule(attempt.id, at: now, nextActionAt: now)
                return
            }
            logger.critical("second success for a paid order; cancelling it", metadata: ["attempt": "\(attempt.id)", "order": "\(attempt.orderReference)", "error": "\(error)"])
            await record(attempt, Transition(to: .cancelling, reason: "paid twice: order already paid", at: now, nextActionAt: now, paymentId: paymentId))
            publish(.duplicateReversed, about: attempt)
        }
    }
}

extension SettlementEngine {
    /// What the journal keeps of the payer from a verified success.
    static func payer(of receipt: PaymentReceipt) -> PayerInfo {
        PayerInfo(wallet: receipt.walletName, customerId: receipt.customerId, actualAmountMinor: receipt.actualAmount?.minorUnits,
                  actualCurrency: receipt.actualAmount?.currency.code, quote: receipt.quote)
    }
}
