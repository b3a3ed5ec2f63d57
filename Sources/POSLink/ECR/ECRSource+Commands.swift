import PaymentModel
import Journal
import Money
import Settlement

/// What the POS asks, and the answers (docs/POS-PROTOCOL.md §3).
extension ECRSource {
    static let protocolVersion = "1"

    func handle(_ event: LinkEvent) async {
        switch event {
        case .connected(let peer, let connection):
            self.peer = peer
            self.connection = connection
            authenticated = settings.token == nil
            authFailuresOnConnection = 0
            logger.info("POS connected", metadata: ["peer": "\(peer)"])
            if authenticated { await greet() } else { challenge() }
        case .disconnected(let peer, let reason):
            self.peer = nil
            self.connection = nil
            authenticated = false
            logger.info("POS disconnected", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
        case .oversize:
            send(failure(nil, "too-long", "line longer than \(settings.maxLineLength) bytes ignored"))
        case .line(let bytes):
            guard !bytes.isEmpty else { return }  // a bare LF keeps a link alive
            let line: ECRLine
            do {
                line = try ECRLine.parse(bytes)
            } catch {
                send(failure(nil, "malformed", Self.explain(error)))
                return
            }
            await dispatch(line)
        }
    }

    private func dispatch(_ line: ECRLine) async {
        guard authenticated else { return await beforeAuthentication(line) }
        switch line.verb {
        case "HELLO":
            if let version = line["proto"], version != Self.protocolVersion {
                send(failure(nil, "unsupported-version", "this box speaks proto=\(Self.protocolVersion)"))
            }
            await greet()
        case "PING": send(ECRLine("PONG"))
        case "OPEN": await open(line)
        case "CANCEL": await cancel(line)
        case "STATUS": await status(line)
        case "DONE": await done(line)
        case "REFUND": refund(line)
        case "REPORT": await report(line)
        default: send(failure(line["ref"], "unknown-verb", "unknown verb \(line.verb.prefix(16))"))
        }
    }

    // MARK: AUTH token= (or HELLO token=), when amount.ecr.token is set

    /// Tells a new connection that the token comes first; nothing about any order goes out yet.
    private func challenge() {
        send(ECRLine("HELLO", [("proto", Self.protocolVersion), ("box", settings.boxName), ("auth", "token")]))
    }

    private func beforeAuthentication(_ line: ECRLine) async {
        if authFailuresOnConnection >= settings.maxAuthTries {
            // A serial line cannot be hung up from here: it stays refused until it reconnects.
            return send(failure(nil, "auth-locked", "too many tries; reconnect"))
        }
        switch (line.verb, line["token"]) {
        case ("AUTH", let token?), ("HELLO", let token?):
            guard let expected = settings.token, Self.sameSecret(token, expected) else {
                return refuseAuthentication("auth-failed", "wrong token")
            }
            authenticated = true
            authFailuresOnConnection = 0
            logger.info("POS authenticated", metadata: ["peer": "\(peer ?? "-")"])
            await greet()
        case ("HELLO", nil): challenge()
        case ("PING", _): send(ECRLine("PONG"))
        default: refuseAuthentication("auth-required", "send AUTH token=… first")
        }
    }

    private func refuseAuthentication(_ code: String, _ message: String) {
        authFailuresOnConnection += 1
        authenticationFailures += 1
        ECRSecurity.failures.add(1, ordering: .relaxed)
        logger.warning("POS link: authentication refused", metadata: [
            "security": "ecr-auth", "peer": "\(peer ?? "-")", "reason": "\(code)", "tries": "\(authFailuresOnConnection)",
        ])
        send(failure(nil, code, message))
        if authFailuresOnConnection >= settings.maxAuthTries, let connection {
            send(failure(nil, "auth-locked", "too many tries; connection closed"))
            writer?.enqueue(Self.closeMarker, for: connection)
        }
    }

    /// Compares in time that depends only on the lengths, so the reply time does not tell a
    /// guesser how many leading bytes were right.
    static func sameSecret(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    /// `HELLO`, then every order the POS has not closed: status of open ones, results not yet
    /// acknowledged. This is how a reconnecting POS catches up.
    private func greet() async {
        send(ECRLine("HELLO", [("proto", Self.protocolVersion), ("box", settings.boxName)]))
        let since = clock.now() - settings.resyncWindow.ms
        guard let records = try? await journal.undeliveredPOSOrders(openedSince: since) else { return }
        for record in records {
            if let stored = record.result, let result = ECRResult(stored: stored) {
                send(result.line(reference: record.reference))
            } else if let order = current, order.reference == record.reference {
                send(order.state.line(reference: order.reference))
            } else if let state = ECRResult.derive(from: (try? await journal.attempts(order: record.reference)) ?? []) {
                send(state.line(reference: record.reference))
            }
        }
    }

    // MARK: OPEN ref= amount= currency= [desc=]

    private func open(_ line: ECRLine) async {
        guard let reference = reference(line) else { return }
        guard let code = line["currency"], let currency = try? Currency(code: code) else {
            return send(failure(reference, "bad-currency", "currency must be an ISO-4217 code such as USD"))
        }
        guard let text = line["amount"], let amount = try? Money(minorUnitsText: text, currency: currency), amount.minorUnits > 0 else {
            return send(failure(reference, "bad-amount", "amount must be minor units, more than zero (1250 = 12.50 USD)"))
        }
        let note = line["desc"] ?? ""
        guard note.utf8.count <= 128 else { return send(failure(reference, "bad-desc", "desc is longer than 128 bytes")) }

        if let order = current {
            guard order.reference == reference else {
                return send(failure(reference, "busy", "order \(order.reference) is open; cancel it or wait for its result"))
            }
            guard order.amount == amount else { return send(failure(reference, "conflict", "order is open with another amount")) }
            send(ECRLine("ACK", [("ref", reference), ("op", "open")]))
            return send(order.state.line(reference: reference))
        }
        if let record = try? await journal.posOrder(reference) {
            if let stored = record.result, let result = ECRResult(stored: stored),
               record.deliveredAt == nil || result.status == .paid {
                // A POS resending OPEN after a reconnect gets the result it missed; a paid order stays paid.
                return send(result.line(reference: reference))
            }
            if record.result == nil { return send(failure(reference, "busy", "a payment for this order is being settled")) }
        }
        let now = clock.now()
        do {
            try await journal.open(Order(reference: reference, amountMinor: amount.minorUnits, currency: currency.code,
                                         description: note, source: kind.rawValue, createdAt: now))
            try await journal.recordPOSOrder(reference, at: now)
        } catch {
            return send(failure(reference, "conflict", "\(error)"))
        }
        current = OpenOrder(reference: reference, amount: amount, expiresAt: now + settings.armTimeout.ms)
        arming.set(.armed(ArmedAmount(amount: amount, reference: reference, note: note)))
        logger.info("POS order armed", metadata: ["order": "\(reference)", "amount": "\(amount)"])
        send(ECRLine("ACK", [("ref", reference), ("op", "open")]))
        send(ECROrderState.waitingForCode.line(reference: reference))
    }

    // MARK: CANCEL ref=

    private func cancel(_ line: ECRLine) async {
        guard let reference = reference(line) else { return }
        if let order = current, order.reference == reference {
            guard !order.paying else {
                return send(failure(reference, "busy", "a code is being paid; wait for the result"))
            }
            send(ECRLine("ACK", [("ref", reference), ("op", "cancel")]))
            return await finish(reference, .other(.cancelled, reason: "pos"))
        }
        if settings.refundsEnabled, let movements,
           let reversal = ((try? await journal.attempts(order: reference)) ?? []).last(where: { $0.state == .succeeded || $0.isReversal }) {
            // A paid order: the POS wants the money back in full.
            send(ECRLine("ACK", [("ref", reference), ("op", "cancel")]))
            Task { await self.reverse(reference, paid: reversal, movements: movements) }
            return
        }
        switch try? await journal.posOrder(reference) {
        case let record?:
            if let stored = record.result, let result = ECRResult(stored: stored) {
                send(result.line(reference: reference))  // already final: the result stands
            } else {
                send(failure(reference, "busy", "a payment for this order is being settled"))
            }
        case nil:
            send(failure(reference, "unknown-order", "no order with this reference"))
        }
    }

    // MARK: STATUS ref=

    private func status(_ line: ECRLine) async {
        guard let reference = reference(line) else { return }
        if let order = current, order.reference == reference { return send(order.state.line(reference: reference)) }
        if let record = try? await journal.posOrder(reference), let stored = record.result, let result = ECRResult(stored: stored) {
            return send(result.line(reference: reference))
        }
        // Any order the journal knows, whichever source opened it.
        guard (try? await journal.order(reference)) != nil else {
            return send(failure(reference, "unknown-order", "no order with this reference"))
        }
        let state = ECRResult.derive(from: (try? await journal.attempts(order: reference)) ?? []) ?? .waitingForCode
        send(state.line(reference: reference))
    }

    // MARK: DONE ref=

    private func done(_ line: ECRLine) async {
        guard let reference = reference(line) else { return }
        guard let record = try? await journal.posOrder(reference) else {
            return send(failure(reference, "unknown-order", "no order with this reference"))
        }
        guard record.result != nil else { return send(failure(reference, "not-final", "the order has no result yet")) }
        do {
            try await journal.acknowledgePOSOrder(reference, at: clock.now())
            send(ECRLine("ACK", [("ref", reference), ("op", "done")]))
        } catch {
            send(failure(reference, "journal", "\(error)"))
        }
    }

    // MARK: REFUND ref= [amount=] [rid=]

    private func refund(_ line: ECRLine) {
        guard let reference = reference(line) else { return }
        guard settings.refundsEnabled, let movements else {
            return send(failure(reference, "refund-disabled", "refunds are not enabled on this box"))
        }
        let requestID: RequestID?
        if let rid = line["rid"] {
            requestID = rid.utf8.count <= 40 ? RequestID("RF-" + rid) : nil
            guard requestID != nil else { return send(failure(reference, "bad-rid", "rid must be 1 to 40 letters, digits, - _ .")) }
        } else {
            requestID = RequestID.make(prefix: "RF-", epochMilliseconds: clock.now())
        }
        guard let requestID else { return }
        let amountText = line["amount"]
        // Off the line loop: a refund waits on the acquirer, and other orders must not.
        Task { await self.performRefund(reference, amountText: amountText, requestID: requestID, movements: movements) }
    }

    /// Through the engine: journaled before it leaves, under this rid for every try; an unknown
    /// answer is settled by the box with inquiryRefund, and the same rid asks where it stands.
    private func performRefund(_ reference: String, amountText: String?, requestID: RequestID, movements: any MoneyMovements) async {
        let attempts = (try? await journal.attempts(order: reference)) ?? []
        guard let paid = attempts.first(where: { $0.state == .succeeded }), let currency = try? Currency(code: paid.currency) else {
            return send(failure(reference, "not-paid", "only a paid order can be refunded"))
        }
        let minor = amountText.flatMap { try? Money(minorUnitsText: $0, currency: currency) }?.minorUnits ?? (amountText == nil ? nil : -1)
        if let minor, minor <= 0 || minor > paid.amountMinor {
            return send(failure(reference, "bad-amount", "amount must be minor units, at most the \(paid.amountMinor) paid"))
        }
        logger.notice("refund requested by the POS", metadata: ["order": "\(reference)", "amount": "\(minor.map(String.init) ?? "all left")",
                                                                "refundRequestId": "\(requestID)"])
        let result = await movements.refund(attemptId: paid.id, amountMinor: minor, refundRequestId: requestID.value, source: "pos",
                                            reason: "POS refund")
        let base: [(String, String?)] = [("ref", reference), ("rid", String(requestID.value.dropFirst(3)))]
        switch result {
        case .refunded(let refunded, let refundId, _):
            send(ECRLine("REFUND", base + [("status", "refunded"), ("amount", refunded.minorUnitsString),
                                           ("currency", refunded.currency.code), ("refund-id", refundId)]))
        case .rejected(let code, _):
            send(ECRLine("REFUND", base + [("status", "rejected"), ("code", code)]))
        case .pending:
            send(ECRLine("REFUND", base + [("status", "unknown"), ("note", "the box settles it; send the same rid to ask")]))
        case .refused(let why):
            send(failure(reference, "refund-refused", why))
        }
    }

    /// `CANCEL` of a paid order: a reversal through the engine (with refunds enabled), answered
    /// `REVERSAL ref= status=reversed|refused|pending|needs-attention`. A CANCEL again asks where
    /// it stands. The order's RESULT (paid) was sent once and stays as it was.
    private func reverse(_ reference: String, paid: Attempt, movements: any MoneyMovements) async {
        let result: ReversalResult
        if paid.state == .succeeded {
            logger.notice("reversal requested by the POS", metadata: ["order": "\(reference)", "attempt": "\(paid.id)"])
            result = await movements.reverse(attemptId: paid.id, source: "pos")
        } else if paid.state == .cancelled {
            result = .reversed
        } else if paid.state == .needsAttention {
            result = .needsAttention(paid.reason ?? "")
        } else {
            result = .pending(paid.reason ?? "")
        }
        let base: [(String, String?)] = [("ref", reference)]
        switch result {
        case .reversed: send(ECRLine("REVERSAL", base + [("status", "reversed")]))
        case .refused(let why): send(ECRLine("REVERSAL", base + [("status", "refused"), ("note", why)]))
        case .pending(let why): send(ECRLine("REVERSAL", base + [("status", "pending"), ("note", why)]))
        case .needsAttention(let why): send(ECRLine("REVERSAL", base + [("status", "needs-attention"), ("note", why)]))
        case .notPossible(let why): send(failure(reference, "not-reversible", why))
        }
    }

    // MARK: REPORT [date=YYYY-MM-DD]

    /// The end-of-day report, from the journal: one `REPORT` line per currency and wallet, then
    /// one with `end=1` and what is still open. Amounts in minor units, as everywhere on the link.
    private func report(_ line: ECRLine) async {
        let window: (date: String, from: Int64, to: Int64)
        if let date = line["date"] {
            guard let named = settings.reportDay.day(named: date) else { return send(failure(nil, "bad-date", "date must be YYYY-MM-DD")) }
            window = named
        } else {
            window = settings.reportDay.day(containing: clock.now())
        }
        do {
            let report = try await journal.report(date: window.date, from: window.from, to: window.to)
            for entry in report.lines {
                send(ECRLine("REPORT", [("date", report.date), ("currency", entry.currency), ("wallet", entry.wallet),
                                        ("paid-count", String(entry.paidCount)), ("paid", String(entry.paidMinor)),
                                        ("refund-count", String(entry.refundCount)), ("refunded", String(entry.refundedMinor)),
                                        ("reversed-count", String(entry.reversedCount)), ("reversed", String(entry.reversedMinor)),
                                        ("net", String(entry.netMinor))]))
            }
            send(ECRLine("REPORT", [("date", report.date), ("unfinished", String(report.unfinished)),
                                    ("needs-attention", String(report.needsAttention)), ("end", "1")]))
        } catch {
            send(failure(nil, "journal", "\(error)"))
        }
    }

    // MARK: Helpers

    /// The line's `ref`, or nil after answering that it is missing or unusable.
    private func reference(_ line: ECRLine) -> String? {
        guard let reference = line["ref"], OrderReference.isValid(reference) else {
            send(failure(nil, "bad-ref", "ref must be 1 to 64 letters, digits or - _ . / # :"))
            return nil
        }
        return reference
    }

    private func failure(_ reference: String?, _ code: String, _ message: String) -> ECRLine {
        ECRLine("ERR", [("ref", reference), ("code", code), ("msg", message)])
    }

    private static func explain(_ error: ECRLine.ParseError) -> String {
        switch error {
        case .empty: "empty line"
        case .notText: "line has control or non-ASCII bytes (percent-encode them)"
        case .malformedField(let token): "expected key=value, got \(token)"
        case .badEscape(let key): "bad percent escape in \(key)"
        case .repeatedField(let key): "field \(key) given twice"
        }
    }
}
