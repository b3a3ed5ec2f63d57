import Money
import PaymentModel

/// A language's number grammar and word order: a phrase → the names of the clips to join.
/// Every name a grammar can return is in its `vocabulary`, and a pack must hold every one of
/// them (checked when the pack loads, by name).
protocol LocaleGrammar: Sendable {
    /// The whole number `n`'s words; nil past what the language's scale words reach.
    func number(_ n: Int64) -> [String]?
    /// An amount with its unit, as a cashier would say it; nil when it cannot be said.
    func amount(_ money: Money) -> [String]?
    /// Where the amount and the wallet go in "received … via …".
    func paid(amount: [String], wallet: String) -> [String]
    /// The number words and scale words only (phrases, units and wallets are added to it).
    var numberVocabulary: Set<String> { get }
    /// Which unit clips the grammar uses for a named currency.
    var usesMinorUnits: Bool { get }
    var usesSingular: Bool { get }
}

extension LocaleGrammar {
    var usesSingular: Bool { false }

    func clips(for phrase: Phrase) -> [String] {
        switch phrase {
        case .paid(let money, let wallet):
            paid(amount: money.flatMap(amount) ?? [], wallet: Wallets.clip(for: wallet))
        case .declined(let reason):
            ["p.declined"] + (Self.reasonClip(reason).map { [$0] } ?? [])
        case .confirmOnPhone: ["p.confirm"]
        case .queued: ["p.queued"]
        case .codeExpired: ["p.expired"]
        case .notPaymentCode: ["p.not-a-code"]
        case .notCompleted: ["p.not-completed"]
        case .noAmount: ["p.no-amount"]
        case .reversed(let money): ["p.reversed"] + (money.flatMap(amount) ?? [])
        case .ready: ["p.ready"]
        case .fault: ["p.fault"]
        }
    }

    /// Reasons a customer can act on; the rest are a plain "payment declined".
    static func reasonClip(_ reason: DeclineReason) -> String? {
        switch reason {
        case .insufficientFunds: "r.insufficient-funds"
        case .limit: "r.limit"
        case .verificationFailed: "r.verification"
        case .risk: "r.risk"
        case .invalidOrExpiredCode: "r.code"
        case .orderClosed, .other: nil
        }
    }

    static var phraseVocabulary: Set<String> {
        ["p.received", "w.via", "p.declined", "r.insufficient-funds", "r.limit", "r.verification", "r.risk", "r.code",
         "p.confirm", "p.queued", "p.expired", "p.not-a-code", "p.not-completed", "p.no-amount", "p.reversed", "p.ready", "p.fault"]
    }

    /// Every clip this grammar can ask a pack for.
    var vocabulary: Set<String> {
        var names = numberVocabulary.union(Self.phraseVocabulary).union(Wallets.vocabulary)
        for code in CurrencyUnits.codes {
            names.insert("u.\(code)")
            if usesSingular { names.insert("u.\(code).one") }
            if usesMinorUnits, let exponent = try? Currency(code: code).exponent, exponent > 0 {
                names.insert("u.\(code).minor")
                if usesSingular { names.insert("u.\(code).minor.one") }
            }
        }
        return names
    }

    // MARK: Shared shapes

    /// Major and minor units of an amount.
    func split(_ money: Money) -> (major: Int64, minor: Int64, exponent: Int) {
        let exponent = money.currency.exponent
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        return (money.minorUnits / scale, money.minorUnits % scale, exponent)
    }

    /// "12 point 0 5": the whole number, then each decimal (trailing zeros dropped), then the unit
    /// if the currency is named. How Mandarin and Japanese soundboxes say money.
    func pointStyle(_ money: Money, point: String = "w.point") -> [String]? {
        let (major, minor, exponent) = split(money)
        guard var words = number(major) else { return nil }
        if minor > 0 {
            var digits = Array(String(minor))
            digits = Array(repeating: "0", count: exponent - digits.count) + digits
            while digits.last == "0" { digits.removeLast() }
            words.append(point)
            words += digits.map { "n.\($0)" }
        }
        if let unit = CurrencyUnits.major(money.currency.code) { words.append(unit) }
        return words
    }

    /// "12 ringgit 50 sen": the major units and their unit, then the minor units and theirs; a
    /// currency without a named unit is said in point style.
    func unitStyle(_ money: Money) -> [String]? {
        let code = money.currency.code
        guard CurrencyUnits.major(code) != nil else { return pointStyle(money) }
        let (major, minor, exponent) = split(money)
        var words: [String] = []
        if major > 0 || minor == 0 {
            guard let spoken = number(major) else { return nil }
            words = spoken + [major == 1 && usesSingular ? "u.\(code).one" : "u.\(code)"]
        }
        if minor > 0, exponent > 0 {
            guard let spoken = number(minor) else { return nil }
            words += spoken + [minor == 1 && usesSingular ? "u.\(code).minor.one" : "u.\(code).minor"]
        }
        return words
    }
}
