import PaymentModel
import Journal
import Money

/// What a refund asked of the engine came to.
public enum RefundResult: Equatable, Sendable {
    case refunded(Money, refundId: String?, refundRequestId: String)
    /// The acquirer said no (F): nothing was refunded.
    case rejected(resultCode: String, refundRequestId: String)
    /// Sent, and its outcome is not known yet: the engine asks inquiryRefund until it is, under
    /// this same id. Asking for the same refund again (same id) never sends a second one.
    case pending(refundRequestId: String)
    /// Refused by the box before anything left (not paid, more than is left, a bad amount).
    case refused(String)
}

extension SettlementEngine {
    /// Refunds `amountMinor` (all that is left when nil) of a paid attempt. Journaled, fsynced,
    /// before the request leaves; the database refuses a refund past what was paid. A refund whose
    /// answer is unknown keeps its `refundRequestId` and is settled by inquiryRefund, after a
    /// restart too. `refundRequestId` (the POS's `rid`) makes a repeated request the same refund.
    public func refund(attemptId: Int64, amountMinor: Int64?, refundRequestId: String? = nil, source: String,
                       reason: String) async -> RefundResult {
        let now = clock.now()
        let attempt: Attempt
        let refunded: Int64
        do {
            attempt = try await journal.attempt(attemptId)
            refunded = try await journal.refundedMinor(attemptId: attemptId)
        } catch {
            return .refused("\(error)")
        }
        guard attempt.state == .succeeded else { return .refused("payment \(attemptId) is \(attempt.state.rawValue); only a paid payment can be refunded") }
        let amount = amountMinor ?? (attempt.amountMinor - refunded)
        let id = refundRequestId ?? RequestID.make(prefix: "\(requestIDPrefix)-RF\(attemptId)-", epochMilliseconds: now)?.value
        guard let id, RequestID(id) != nil else { return .refused("cannot make a refund request id") }
        guard amount > 0 else { return .refused("nothing left to refund: \(refunded) of \(attempt.amountMinor) minor units refunded already") }
        let record: Refund
        do {
            record = try await journal.requestRefund(refundRequestId: id, attemptId: attemptId, amountMinor: amount, source: source,
                                                     reason: reason, at: now)
        } catch {
            return .refused("\(error)")
        }
        switch record.state {
        case .refunded, .failed: return Self.result(of: record)
        case .unknown: return .pending(refundRequestId: id)  // already in the engine's hands
        case .requested: break
        }
        guard claim(Self.refundKey(id)) else { return .pending(refundRequestId: id) }
        defer { release(Self.refundKey(id)) }
        logger.notice("refunding", metadata: ["attempt": "\(attemptId)", "refundRequestId": "\(id)", "amount": "\(amount) \(attempt.currency)",
                                              "source": "\(source)"])
        return Self.result(of: await send(record))
    }

    /// Refunds not final whose next step is due: a `requested` one (the box stopped while it was
    /// being sent) and an `unknown` one are asked about; one the acquirer never saw is sent again,
    /// with the same id.
    func settleRefunds(now: Int64) async {
        let due = ((try? await journal.unfinishedRefunds()) ?? []).filter { ($0.nextActionAt ?? now) <= now }
        for refund in due where claim(Self.refundKey(refund.refundRequestId)) {
            defer { release(Self.refundKey(refund.refundRequestId)) }
            await inquire(refund)
        }
    }

    private func inquire(_ refund: Refund) async {
        guard let id = RequestID(refund.refundRequestId) else { return }
        let answer = await acquirer.inquireRefund(id)
        let now = clock.now()
        switch answer {
        case .refunded(let refundId, let money):
            guard money.minorUnits == refund.amountMinor, money.currency.code == refund.currency else {
                await again(refund, at: now, reason: "inquiryRefund: SUCCESS for another amount \(money)")
                return
            }
            await update(refund, to: .refunded, at: now, refundId: refundId, resultCode: "SUCCESS", reason: "inquiryRefund: SUCCESS")
        case .failed(let code, _):
            await update(refund, to: .failed, at: now, resultCode: code, reason: "inquiryRefund: FAIL \(code)")
        case .notFound:
            // The refund request never reached the acquirer: send it now, under the same id.
            _ = await send(refund)
        case .processing:
            await again(refund, at: now, reason: "inquiryRefund: PROCESSING")
        case .unknown(let reason):
            await again(refund, at: now, reason: "inquiryRefund: \(reason)")
        case .configurationError(let problem):
            await again(refund, at: now, reason: "inquiryRefund: configuration \(problem)")
        }
    }

    /// Sends the journaled refund and records the answer; an unknown answer keeps the refund for
    /// inquiryRefund.
    private func send(_ refund: Refund) async -> Refund {
        guard let id = RequestID(refund.refundRequestId), let money = refund.amount else { return refund }
        let outcome = await acquirer.refund(RefundCommand(refundRequestId: id, paymentId: refund.paymentId, amount: money, reason: refund.reason))
        let now = clock.now()
        switch outcome {
        case .refunded(let refundId, let refunded) where refunded == money:
            return await update(refund, to: .refunded, at: now, refundId: refundId, resultCode: "SUCCESS", reason: "refund: SUCCESS")
        case .refunded(_, let refunded):
            return await again(refund, at: now, reason: "refund: SUCCESS for another amount \(refunded)")
        case .rejected(let code, _):
            return await update(refund, to: .failed, at: now, resultCode: code, reason: "refund: F \(code)")
        case .configurationError(let problem):
            // Refused by the acquirer before anything moved (keys, contract): final, with the reason.
            return await update(refund, to: .failed, at: now, resultCode: "configuration", reason: "refund: configuration \(problem)")
        case .unknown(let reason):
            return await again(refund, at: now, reason: "refund: \(reason)")
        }
    }

    /// Unknown: asked about again later, less often the longer it stays so (at most every 5 min).
    @discardableResult
    private func again(_ refund: Refund, at now: Int64, reason: String) async -> Refund {
        let delay = min(policy.inquiryInterval.ms * Int64(max(refund.tries, 1)), 300_000)
        return await update(refund, to: .unknown, at: now, nextActionAt: now + delay, reason: reason)
    }

    @discardableResult
    private func update(_ refund: Refund, to state: RefundState, at now: Int64, nextActionAt: Int64? = nil, refundId: String? = nil,
                        resultCode: String? = nil, reason: String) async -> Refund {
        do {
            let updated = try await journal.updateRefund(refund.id, to: state, at: now, nextActionAt: nextActionAt, refundId: refundId,
                                                         resultCode: resultCode, reason: reason)
            logger.info("refund \(state.rawValue)", metadata: ["refundRequestId": "\(refund.refundRequestId)", "reason": "\(reason)"])
            return updated
        } catch {
            logger.error("journal refused a refund update", metadata: ["refundRequestId": "\(refund.refundRequestId)", "error": "\(error)"])
            return refund
        }
    }

    static func result(of refund: Refund) -> RefundResult {
        switch refund.state {
        case .refunded:
            guard let money = refund.amount else {
                return .pending(refundRequestId: refund.refundRequestId)
            }
            return .refunded(money, refundId: refund.refundId, refundRequestId: refund.refundRequestId)
        case .failed: return .rejected(resultCode: refund.resultCode ?? "UNKNOWN", refundRequestId: refund.refundRequestId)
        case .requested, .unknown: return .pending(refundRequestId: refund.refundRequestId)
        }
    }

    static func refundKey(_ refundRequestId: String) -> String { "refund:" + refundRequestId }
}
