import Console
import PaymentModel
import Configuration
import Journal
import Money
import Settlement

extension AgentConsoleHost {
    public func queue() async -> Result<[QueueItem], ConsoleHostError> {
        do {
            return .success(try await journal.unfinished().map(Self.item))
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    static func item(_ attempt: Attempt) -> QueueItem {
        let amount = attempt.amount
        return QueueItem(id: attempt.id, state: attempt.state.rawValue, amount: amount?.description ?? "\(attempt.amountMinor) \(attempt.currency)",
                         codeMasked: attempt.codeMasked, order: attempt.orderReference)
    }

    public func queueItem(_ id: Int64) async -> Result<[String], ConsoleHostError> {
        do {
            let attempt = try await journal.attempt(id)
            let item = Self.item(attempt)
            var lines = ["payment \(id): \(item.state), \(item.amount), code \(item.codeMasked), order \(item.order)",
                         "request id \(attempt.paymentRequestId)\(attempt.paymentId.map { ", acquirer id \($0)" } ?? "")",
                         "inquiries \(attempt.inquiries), cancel tries \(attempt.cancelTries)\(attempt.reason.map { ", last: \($0)" } ?? "")"]
            if let payer = Self.describe(attempt.payer) { lines.append("payer: \(payer)") }
            if let source = attempt.reversalSource { lines.append("reversal asked by \(source)") }
            for refund in try await journal.refunds(attemptId: id) {
                lines.append("refund \(refund.refundRequestId): \(refund.state.rawValue), \(Self.amount(refund.amountMinor, refund.currency))"
                             + " by \(refund.source)\(refund.refundId.map { ", acquirer id \($0)" } ?? ""), \(refund.reason)")
            }
            for step in try await journal.history(id) {
                lines.append("  \(Timestamp.iso8601(epochSeconds: step.at / 1000, offsetSeconds: 0)) \(step.from?.rawValue ?? "-") -> \(step.to.rawValue): \(step.reason)")
            }
            return .success(lines)
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    /// `wallet SIMWALLET, customer sim***user, charged 71.00 CNY at USD/CNY 7.1`, or nil when the
    /// acquirer said nothing of the payer.
    static func describe(_ payer: PayerInfo) -> String? {
        var parts: [String] = []
        if let wallet = payer.wallet { parts.append("wallet \(wallet)") }
        if let customer = payer.customerId { parts.append("customer \(customer)") }
        if let minor = payer.actualAmountMinor, let currency = payer.actualCurrency {
            parts.append("charged \(amount(minor, currency))\(payer.quote.map { " at \($0)" } ?? "")")
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    static func amount(_ minor: Int64, _ currency: String) -> String {
        (try? Currency(code: currency)).flatMap { try? Money(minorUnits: minor, currency: $0) }?.description ?? "\(minor) \(currency)"
    }

    public func report(_ day: String?) async -> Result<[String], ConsoleHostError> {
        let start = store.settings.journal.reportDayStart
        let days = ReportDay(minuteOfDay: start.minuteOfDay, utcOffsetSeconds: start.utcOffsetSeconds)
        let window: (date: String, from: Int64, to: Int64)
        if let day {
            guard let named = days.day(named: day) else { return .failure(ConsoleHostError("\(day) is not a date (YYYY-MM-DD, or today)")) }
            window = named
        } else {
            window = days.day(containing: SystemClockMilliseconds.now())
        }
        do {
            return .success(Self.lines(try await journal.report(date: window.date, from: window.from, to: window.to)))
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    /// The report as the console shows it, 80 columns.
    static func lines(_ report: DayReport) -> [String] {
        func time(_ ms: Int64) -> String { String(Timestamp.iso8601(epochSeconds: ms / 1000, offsetSeconds: 0).prefix(16).map { $0 == "T" ? " " : $0 }) }
        var out = ["report \(report.date) (\(time(report.from)) to \(time(report.to)) UTC)"]
        if report.lines.isEmpty { out.append("  no payments") }
        for line in report.lines {
            let c = line.currency
            out.append("  \(c) \(line.wallet): paid \(line.paidCount) \(amount(line.paidMinor, c)), "
                       + "refunded \(line.refundCount) \(amount(line.refundedMinor, c)), "
                       + "reversed \(line.reversedCount) \(amount(line.reversedMinor, c)), net \(amount(line.netMinor, c))")
        }
        out.append("  unfinished \(report.unfinished), needs attention \(report.needsAttention)")
        return out
    }

    public func retry(_ id: Int64) async -> Result<String, ConsoleHostError> {
        guard let engine else { return .failure(ConsoleHostError("payments are not running")) }
        do {
            let attempt = try await journal.attempt(id)
            guard !attempt.state.isFinal else { return .failure(ConsoleHostError("payment \(id) is \(attempt.state.rawValue): nothing to retry")) }
            let now = SystemClockMilliseconds.now()
            try await journal.reschedule(id, at: now, nextActionAt: now, reason: "retry from the console")
            await engine.runDue()
            return .success("payment \(id) is now \(try await journal.attempt(id).state.rawValue)")
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    /// Reverses a paid payment through the engine: journaled (fsynced) before the cancel leaves,
    /// followed up by inquiry when the answer is refused or lost, resumed after a restart.
    public func cancelPayment(_ id: Int64) async -> Result<String, ConsoleHostError> {
        guard let engine else { return .failure(ConsoleHostError("payments are not running")) }
        switch await engine.reverse(attemptId: id, source: "console") {
        case .reversed: return .success("payment \(id) reversed: cancelled at the acquirer, the customer has the money back")
        case .refused(let why): return .failure(ConsoleHostError("not reversed, the payment stands: \(why)"))
        case .pending(let why):
            return .success("payment \(id) is being reversed (\(why)); the box goes on by itself, see queue show \(id)")
        case .needsAttention(let why): return .failure(ConsoleHostError("payment \(id) needs attention: \(why)"))
        case .notPossible(let why): return .failure(ConsoleHostError(why))
        }
    }

    /// Refunds through the engine: one journaled refund with its own refundRequestId; an unknown
    /// answer is settled by the box (inquiryRefund under the same id), never by sending again.
    public func refundPayment(_ id: Int64, amount: String) async -> Result<String, ConsoleHostError> {
        guard let engine else { return .failure(ConsoleHostError("payments are not running")) }
        let attempt: Attempt
        do { attempt = try await journal.attempt(id) } catch { return .failure(ConsoleHostError("\(error)")) }
        let money: Money
        do {
            money = try Money(parsing: amount, currency: try Currency(code: attempt.currency))
        } catch {
            return .failure(ConsoleHostError("\(amount) is not an amount in \(attempt.currency): \(error)"))
        }
        guard money.minorUnits > 0 else { return .failure(ConsoleHostError("a refund must be more than zero")) }
        switch await engine.refund(attemptId: id, amountMinor: money.minorUnits, refundRequestId: nil, source: "console", reason: "console refund") {
        case .refunded(let refunded, let refundId, let requestId): return .success("refunded \(refunded) (refund \(refundId ?? requestId))")
        case .rejected(let code, let requestId): return .failure(ConsoleHostError("acquirer refused refund \(requestId): \(code)"))
        case .pending(let requestId):
            return .success("refund \(requestId) sent, outcome not known yet: the box asks the acquirer until it is (do not refund again; see queue show \(id))")
        case .refused(let why): return .failure(ConsoleHostError(why))
        }
    }

    public func acquirerSelfTest() async -> [SelfTestStep] {
        guard let acquirer else { return [SelfTestStep("configuration", ok: false, "acquirer ids or keys are not configured")] }
        var steps: [SelfTestStep] = []
        if let failure = await acquirer.start() {
            steps.append(SelfTestStep(Self.failedStage(failure), ok: false, "\(failure)"))
            recent.withLock { $0.acquirer = "UNREACHABLE: \(failure)" }
            return steps
        }
        steps.append(SelfTestStep("connect + TLS", ok: true, acquirer.endpoint))
        guard let probe = RequestID.make(prefix: "selftest-", epochMilliseconds: SystemClockMilliseconds.now()) else { return steps }
        switch await acquirer.inquire(.paymentRequestId(probe)) {
        case .notFound, .paid, .failed, .cancelled, .processing:
            steps.append(SelfTestStep("signed call", ok: true, "inquiry answered and its signature verified"))
            recent.withLock { $0.acquirer = "reachable, signatures verified" }
            if let skew = acquirer.observedClockSkew {
                let seconds = StatusSnapshot.roundedSeconds(skew)
                // Antom rejects requests whose request-time is minutes off; a few seconds is normal.
                steps.append(SelfTestStep("clock", ok: abs(seconds) <= 60, StatusSnapshot.describeSkew(skew)))
            }
        case .unknown(let reason):
            steps.append(SelfTestStep("signed call", ok: false, "\(reason)"))
        case .configurationError(let problem):
            steps.append(SelfTestStep("signed call", ok: false, "acquirer rejected our request: \(problem) (keys or client id?)"))
        }
        return steps
    }

    static func failedStage(_ error: TransportError) -> String {
        switch error {
        case .dns: "DNS"
        case .connect, .timeoutBeforeSend: "connect"
        case .tls: "TLS"
        default: "connectivity"
        }
    }

    public func generateKey() async -> Result<String, ConsoleHostError> {
        do {
            let part = try keys.generate(at: store.settings.acquirer.privateKeyPath)
            return .success(part.pem + "base64 DER (for Antom Dashboard):\n" + Self.wrap(part.base64DER))
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    public func publicKey() async -> Result<String, ConsoleHostError> {
        do {
            let key = try keys.publicKey(ofPrivateKeyAt: store.settings.acquirer.privateKeyPath)
            return .success(key.pem + "base64 DER (for Antom Dashboard):\n" + Self.wrap(key.base64DER))
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    /// 76 columns a line, so nothing is cut at 80.
    static func wrap(_ text: String) -> String {
        var lines: [Substring] = []
        var rest = text[...]
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return lines.joined(separator: "\n")
    }
}

/// Unix ms for request ids and journal times.
enum SystemClockMilliseconds {
    static func now() -> Int64 { Timestamp.epochMilliseconds() }
}
