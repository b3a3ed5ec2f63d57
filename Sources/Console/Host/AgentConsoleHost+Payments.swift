import Antom
import Configuration
import Journal
import Money

extension AgentConsoleHost {
    public func queue() async -> Result<[QueueItem], ConsoleHostError> {
        do {
            return .success(try await journal.unfinished().map(Self.item))
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    static func item(_ attempt: Attempt) -> QueueItem {
        let amount = (try? Currency(code: attempt.currency)).flatMap { try? Money(minorUnits: attempt.amountMinor, currency: $0) }
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
            for step in try await journal.history(id) {
                lines.append("  \(Timestamp.iso8601(epochSeconds: step.at / 1000, offsetSeconds: 0)) \(step.from?.rawValue ?? "-") -> \(step.to.rawValue): \(step.reason)")
            }
            return .success(lines)
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
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

    public func cancelPayment(_ id: Int64) async -> Result<String, ConsoleHostError> {
        guard let acquirer else { return .failure(ConsoleHostError("the acquirer is not configured")) }
        let attempt: Attempt
        do { attempt = try await journal.attempt(id) } catch { return .failure(ConsoleHostError("\(error)")) }
        guard let requestID = RequestID(attempt.paymentRequestId) else { return .failure(ConsoleHostError("payment \(id) has no request id")) }
        switch await acquirer.cancel(.paymentRequestId(requestID)) {
        case .cancelled: return .success("payment \(id) cancelled at the acquirer")
        case .rejected(let code, let message): return .failure(ConsoleHostError("acquirer refused: \(code) \(message ?? "")"))
        case .unknown(let reason): return .failure(ConsoleHostError("outcome unknown (\(reason)); try again"))
        case .configurationError(let problem): return .failure(ConsoleHostError("configuration: \(problem)"))
        }
    }

    public func refundPayment(_ id: Int64, amount: String) async -> Result<String, ConsoleHostError> {
        guard let acquirer else { return .failure(ConsoleHostError("the acquirer is not configured")) }
        let attempt: Attempt
        do { attempt = try await journal.attempt(id) } catch { return .failure(ConsoleHostError("\(error)")) }
        guard attempt.state == .succeeded, let paymentId = attempt.paymentId else {
            return .failure(ConsoleHostError("payment \(id) is \(attempt.state.rawValue); only a paid payment can be refunded"))
        }
        let money: Money
        do {
            money = try Money(parsing: amount, currency: try Currency(code: attempt.currency))
        } catch {
            return .failure(ConsoleHostError("\(amount) is not an amount in \(attempt.currency): \(error)"))
        }
        guard money.minorUnits > 0, money.minorUnits <= attempt.amountMinor else {
            return .failure(ConsoleHostError("refund must be more than zero and at most the payment's amount"))
        }
        guard let refundID = RequestID.make(prefix: "rf\(id)-", epochMilliseconds: SystemClockMilliseconds.now()) else {
            return .failure(ConsoleHostError("cannot make a refund request id"))
        }
        switch await acquirer.refund(RefundCommand(refundRequestId: refundID, paymentId: paymentId, amount: money, reason: "console refund")) {
        case .refunded(let refundId, let refunded): return .success("refunded \(refunded) (refund \(refundId ?? refundID.value))")
        case .rejected(let code, let message): return .failure(ConsoleHostError("acquirer refused: \(code) \(message ?? "")"))
        case .unknown(let reason): return .failure(ConsoleHostError("outcome unknown (\(reason)); retry with the same command"))
        case .configurationError(let problem): return .failure(ConsoleHostError("configuration: \(problem)"))
        }
    }

    public func acquirerSelfTest() async -> [SelfTestStep] {
        guard let antom else { return [SelfTestStep("configuration", ok: false, "acquirer ids or keys are not configured")] }
        var steps: [SelfTestStep] = []
        if let failure = await antom.start() {
            steps.append(SelfTestStep(Self.failedStage(failure), ok: false, "\(failure)"))
            recent.withLock { $0.acquirer = "UNREACHABLE: \(failure)" }
            return steps
        }
        steps.append(SelfTestStep("connect + TLS", ok: true, antom.configuration.transport.baseURL))
        guard let probe = RequestID.make(prefix: "selftest-", epochMilliseconds: SystemClockMilliseconds.now()) else { return steps }
        switch await antom.inquire(.paymentRequestId(probe)) {
        case .notFound, .paid, .failed, .cancelled, .processing:
            steps.append(SelfTestStep("signed call", ok: true, "inquiry answered and its signature verified"))
            recent.withLock { $0.acquirer = "reachable, signatures verified" }
            if let skew = antom.observedClockSkew {
                let seconds = Self.roundedSeconds(skew)
                // Antom rejects requests whose request-time is minutes off; a few seconds is normal.
                steps.append(SelfTestStep("clock", ok: abs(seconds) <= 60, Self.describeSkew(skew)))
            }
        case .unknown(let reason):
            steps.append(SelfTestStep("signed call", ok: false, "\(reason)"))
        case .configurationError(let problem):
            steps.append(SelfTestStep("signed call", ok: false, "acquirer rejected our request: \(problem) (keys or client id?)"))
        }
        return steps
    }

    static func roundedSeconds(_ duration: Duration) -> Int64 {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return (ms + (ms >= 0 ? 500 : -500)) / 1000
    }

    /// `acquirer clock 3 s ahead of ours (±1 s)`.
    public static func describeSkew(_ skew: Duration) -> String {
        let seconds = roundedSeconds(skew)
        if seconds == 0 { return "acquirer clock agrees with ours (±1 s)" }
        return "acquirer clock \(abs(seconds)) s \(seconds > 0 ? "ahead of" : "behind") ours (±1 s)"
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
            let part = try KeyGenerator.generate(writingTo: store.settings.acquirer.privateKeyPath)
            return .success(part.pem + "base64 DER (for Antom Dashboard):\n" + Self.wrap(part.base64DER))
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
    }

    public func publicKey() async -> Result<String, ConsoleHostError> {
        do {
            let key = try RSAPrivateKey(contentsOfFile: store.settings.acquirer.privateKeyPath).publicKey()
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
