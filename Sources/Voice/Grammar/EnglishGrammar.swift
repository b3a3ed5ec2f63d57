import Money

/// American English, as a cashier says it: "twelve dollars fifty", "one hundred five" (no
/// British "and"), "fifty cents", "one thousand two hundred yen". Cents are named when there are
/// no dollars ("fifty cents") or fewer than ten ("twelve dollars five cents"), where the bare
/// number would be misheard.
struct EnglishGrammar: LocaleGrammar {
    var usesMinorUnits: Bool { true }
    var usesSingular: Bool { true }

    private static let scales: [(Int64, String)] = [(1_000_000_000, "w.billion"), (1_000_000, "w.million"), (1_000, "w.thousand")]

    func number(_ n: Int64) -> [String]? {
        guard n >= 0, n < 1_000_000_000_000 else { return nil }
        if n == 0 { return ["n.0"] }
        var rest = n
        var words: [String] = []
        for (scale, word) in Self.scales where rest >= scale {
            words += Self.belowThousand(rest / scale) + [word]
            rest %= scale
        }
        return words + Self.belowThousand(rest)
    }

    static func belowThousand(_ n: Int64) -> [String] {
        var words: [String] = []
        if n >= 100 { words += ["n.\(n / 100)", "w.hundred"] }
        let rest = n % 100
        if rest >= 20 {
            words.append("n.\(rest / 10 * 10)")
            if rest % 10 > 0 { words.append("n.\(rest % 10)") }
        } else if rest > 0 {
            words.append("n.\(rest)")
        }
        return words
    }

    func amount(_ money: Money) -> [String]? {
        let code = money.currency.code
        let (major, minor, _) = split(money)
        guard CurrencyUnits.major(code) != nil, major > 0, minor >= 10 else { return unitStyle(money) }
        guard let dollars = number(major), let cents = number(minor) else { return nil }
        return dollars + [major == 1 ? "u.\(code).one" : "u.\(code)"] + cents
    }

    func paid(amount: [String], wallet: String) -> [String] {
        ["p.received"] + amount + ["w.via", wallet]
    }

    var numberVocabulary: Set<String> {
        Set((0...19).map { "n.\($0)" } + stride(from: 20, through: 90, by: 10).map { "n.\($0)" })
            .union(["w.hundred", "w.thousand", "w.million", "w.billion", "w.point"])
    }
}
