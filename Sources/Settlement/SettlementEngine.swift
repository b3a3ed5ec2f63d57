import PaymentModel
import Journal
import Logging
import Money

/// Drives every payment attempt to a final state: journal first, then act, then journal what was
/// learnt. Pay without an answer → inquire every few seconds → still unknown → cancel until the
/// cancel lands. The same steps resume after a crash or reboot from what the journal holds, so
/// no attempt is lost and no order is paid twice.
///
/// The engine never sleeps: `runDue()` does whatever is due now, and `SettlementService` calls it
/// when the next action falls due. Tests call it directly with a clock they move by hand.
public actor SettlementEngine {
    let journal: Journal
    let acquirer: any Acquirer
    let policy: SettlementPolicy
    let clock: any WallClock
    let logger: Logger
    let requestIDPrefix: String
    private let emit: @Sendable (PaymentEvent) -> Void
    /// Attempts (by paymentRequestId, known before the attempt is journaled) that a task is
    /// working on, so the scheduler never acts on one while its pay is being captured or sent.
    private var inFlight: Set<String> = []
    private var wakeScheduler: @Sendable () -> Void = {}

    /// - Parameter requestIDPrefix: starts every paymentRequestId (e.g. the terminal id), so the
    ///   acquirer's logs show which box sent it.
    public init(
        journal: Journal, acquirer: any Acquirer, policy: SettlementPolicy = SettlementPolicy(),
        clock: any WallClock = SystemWallClock(), requestIDPrefix: String, logger: Logger,
        events: @escaping @Sendable (PaymentEvent) -> Void
    ) {
        self.journal = journal
        self.acquirer = acquirer
        self.policy = policy
        self.clock = clock
        self.requestIDPrefix = String(requestIDPrefix.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(24))
        self.logger = logger
        self.emit = events
    }

    func setWakeScheduler(_ wake: @escaping @Sendable () -> Void) {
        wakeScheduler = wake
    }

    // MARK: Scans

    /// Pays `orderReference` with a scanned code: the attempt is journaled (fsynced) before the
    /// request leaves. Returns the attempt as it stands after the pay call, or nil when the scan
    /// was refused (the reason went out as a `refused` event).
    @discardableResult
    public func submit(code: String, masked: String, orderReference: String) async -> Attempt? {
        // The amount first (a read): reading after starting the capture would queue the read
        // behind the fsync, and the request could not be signed meanwhile.
        let order = try? await journal.order(orderReference)
        return await submit(code: code, masked: masked, orderReference: orderReference, order: order, opening: false)
    }

    /// Pays a new order with a scanned code. The order is journaled with the attempt, in the
    /// same fsynced commit, and the request is signed while that commit runs.
    @discardableResult
    public func submit(code: String, masked: String, opening order: Order) async -> Attempt? {
        await submit(code: code, masked: masked, orderReference: order.reference, order: order, opening: true)
    }

    private func submit(code: String, masked: String, orderReference: String, order: Order?, opening: Bool) async -> Attempt? {
        let now = clock.now()
        guard let requestID = RequestID.make(prefix: requestIDPrefix + "-", epochMilliseconds: now) else {
            publish(.refused("cannot make a payment request id"), order: orderReference, attempt: nil)
            return nil
        }
        claim(requestID.value)
        defer { release(requestID.value) }
        // The request's RSA signature (on the signer's thread) and the journal's fsync (on its
        // own) at the same time; the request leaves only once the attempt is durable, started by
        // whichever of the two finishes second. The signature starts first: the journal's thread
        // may take this core the moment it is woken.
        let gate = SendWhenDurable(
            preparing: order.flatMap { Self.payCommand(id: requestID, code: code, order: $0, createdAt: now) }, for: acquirer)
        let captured = await withCheckedContinuation { (done: CheckedContinuation<Result<Attempt, JournalError>, Never>) in
            journal.startCapture(
                opening: opening ? order : nil, orderReference: orderReference, code: code, codeMasked: masked,
                paymentRequestId: requestID.value, capturedAt: now, codeExpiresAt: now + policy.codeValidity.ms, submitting: true,
                acquirer: acquirer.name, whenDurable: { gate.durable() }, completion: { done.resume(returning: $0) })
        }
        let attempt: Attempt
        switch captured {
        case .success(let recorded): attempt = recorded
        case .failure(let error) where error.isStorageFault:
            logger.error("scan refused: the journal cannot record it, nothing was sent",
                         metadata: ["order": "\(orderReference)", "code": "\(masked)", "error": "\(error)"])
            publish(.journalFault("\(error)"), order: orderReference, attempt: nil)
            return nil
        case .failure(let error):
            logger.warning("scan refused", metadata: ["order": "\(orderReference)", "code": "\(masked)", "error": "\(error)"])
            publish(.refused("\(error)"), order: orderReference, attempt: nil)
            return nil
        }
        logger.info("paying", metadata: ["order": "\(orderReference)", "attempt": "\(attempt.id)", "code": "\(masked)", "paymentRequestId": "\(requestID)"])
        publish(.processing, order: orderReference, attempt: attempt.id)
        let (prepared, inFlight) = await gate.prepared()
        if let inFlight {
            await applyPay(await inFlight.outcome(), to: attempt)
        } else {
            await pay(attempt, prepared: prepared)
        }
        return try? await journal.attempt(attempt.id)
    }

    /// Sends (or resends, byte for byte) the pay of a `submitting` attempt and records the answer.
    func send(_ attempt: Attempt) async {
        guard claim(attempt.paymentRequestId) else { return }
        defer { release(attempt.paymentRequestId) }
        await pay(attempt, prepared: nil)
    }

    private func pay(_ attempt: Attempt, prepared: PreparedPay?) async {
        if let prepared {
            await applyPay(await acquirer.send(prepared), to: attempt)
            return
        }
        guard let command = payCommand(for: attempt) else {
            await record(attempt, Transition(to: .declined, reason: "the box could not build the request", at: clock.now()))
            publish(.configurationError("cannot build a pay request for order \(attempt.orderReference)"), about: attempt)
            return
        }
        let outcome = await acquirer.pay(command)
        await applyPay(outcome, to: attempt)
    }

    // MARK: Scheduling

    /// Does every action that is due: sends queued pays, inquires, cancels, expires.
    public func runDue() async {
        let now = clock.now()
        let due: [Attempt]
        do {
            due = try await journal.unfinished().filter { ($0.nextActionAt ?? now) <= now && !inFlight.contains($0.paymentRequestId) }
        } catch {
            logger.error("journal unreadable while scheduling", metadata: ["error": "\(error)"])
            return
        }
        for attempt in due { await act(on: attempt) }
        await settleRefunds(now: now)
    }

    /// When the next action falls due (Unix ms), or nil when nothing is pending.
    public func nextDue() async -> Int64? {
        let unfinished = (try? await journal.unfinished()) ?? []
        let refunds = ((try? await journal.unfinishedRefunds()) ?? []).filter { !inFlight.contains(Self.refundKey($0.refundRequestId)) }
        return (unfinished.filter { !inFlight.contains($0.paymentRequestId) }.map { $0.nextActionAt ?? clock.now() }
            + refunds.map { $0.nextActionAt ?? clock.now() }).min()
    }

    /// After a restart: a `submitting` attempt may or may not have reached the acquirer, so it
    /// becomes unknown and is inquired; everything else resumes where it stood, now.
    public func recover() async throws(JournalError) -> Int {
        let unfinished = try await journal.unfinished()
        let now = clock.now()
        for attempt in unfinished where attempt.state == .submitting {
            await record(attempt, Transition(to: .unknown, reason: "restarted while pay was in flight", at: now, nextActionAt: now))
        }
        if !unfinished.isEmpty {
            logger.notice("resuming unfinished payments", metadata: ["count": "\(unfinished.count)"])
        }
        return unfinished.count
    }

    private func act(on attempt: Attempt) async {
        switch attempt.state {
        case .captured: await sendQueued(attempt)
        case .unknown, .inquiring: await inquire(attempt)
        case .cancelling: await cancel(attempt)
        case .submitting:
            // Only reachable if a pay call was lost without an answer (recovery handles restarts).
            await record(attempt, Transition(to: .unknown, reason: "pay unanswered", at: clock.now(), nextActionAt: clock.now()))
        case .succeeded, .declined, .failed, .cancelled, .expired, .needsAttention:
            break
        }
    }

    // MARK: Helpers shared by the steps

    @discardableResult
    func claim(_ paymentRequestId: String) -> Bool {
        inFlight.insert(paymentRequestId).inserted
    }

    func release(_ paymentRequestId: String) {
        inFlight.remove(paymentRequestId)
    }

    func publish(_ kind: PaymentEvent.Kind, order: String, attempt: Int64?, wallet: String? = nil) {
        emit(PaymentEvent(kind, order: order, attempt: attempt, at: clock.now(), wallet: wallet))
    }

    /// An event about an attempt carries its amount, so an output can say "received 12.50".
    func publish(_ kind: PaymentEvent.Kind, about attempt: Attempt, wallet: String? = nil) {
        let amount = attempt.amount
        emit(PaymentEvent(kind, order: attempt.orderReference, attempt: attempt.id, at: clock.now(),
                          wallet: wallet ?? attempt.payer.wallet, amount: amount))
    }

    /// Journals a transition; a journal that refuses is logged, and the attempt stays as it was
    /// to be retried on the next pass.
    @discardableResult
    func record(_ attempt: Attempt, _ change: Transition) async -> Attempt? {
        do {
            let updated = try await journal.transition(attempt.id, change)
            logger.info("payment \(change.to.rawValue)", metadata: [
                "attempt": "\(attempt.id)", "order": "\(attempt.orderReference)", "reason": "\(change.reason)",
            ])
            if change.nextActionAt != nil { wakeScheduler() }
            return updated
        } catch {
            logger.error("journal refused a transition", metadata: ["attempt": "\(attempt.id)", "to": "\(change.to.rawValue)", "error": "\(error)"])
            return nil
        }
    }

    /// The pay for a journaled attempt, identical to the one first prepared for it (same id, code,
    /// amount and creation second), so a resend is the same request as idempotency requires.
    func payCommand(for attempt: Attempt) -> PayCommand? {
        guard let code = attempt.code, let id = RequestID(attempt.paymentRequestId) else { return nil }
        let order = Order(reference: attempt.orderReference, amountMinor: attempt.amountMinor, currency: attempt.currency,
                          source: "", createdAt: attempt.capturedAt)
        return Self.payCommand(id: id, code: code, order: order, createdAt: attempt.capturedAt)
    }

    static func payCommand(id: RequestID, code: String, order: Order, createdAt: Int64) -> PayCommand? {
        guard let amount = order.amount else { return nil }
        return PayCommand(paymentRequestId: id, paymentCode: code, referenceOrderId: order.reference,
                          orderDescription: "order \(order.reference)", amount: amount, createdAt: createdAt / 1000)
    }
}

extension Attempt {
    /// How the acquirer knows this attempt: by the paymentRequestId the box made (always valid,
    /// the engine created it), or by the acquirer's own id should that ever be all there is.
    var paymentReference: PaymentReference {
        RequestID(paymentRequestId).map(PaymentReference.paymentRequestId) ?? .paymentId(paymentId ?? paymentRequestId)
    }
}
