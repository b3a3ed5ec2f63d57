import Money

/// Malay and Indonesian, which share their number grammar and differ in words (lapan/delapan,
/// bilion/miliar): sepuluh, sebelas, dua belas, dua puluh lima, seratus, seribu lima, dua belas
/// juta. Money as "dua belas ringgit lima puluh sen"; rupiah in the millions, "dua belas juta rupiah".
struct MalayGrammar: LocaleGrammar {
    /// The scale word for 10^9: `w.bilion` (Malay) or `w.miliar` (Indonesian).
    let billion: String

    var usesMinorUnits: Bool { true }

    func number(_ n: Int64) -> [String]? {
        guard n >= 0, n < 1_000_000_000_000 else { return nil }
        if n == 0 { return ["n.0"] }
        var words: [String] = []
        var rest = n
        if rest >= 1_000_000_000 {
            words += Self.belowThousand(rest / 1_000_000_000) + [billion]
            rest %= 1_000_000_000
        }
        if rest >= 1_000_000 {
            words += Self.belowThousand(rest / 1_000_000) + ["w.juta"]
            rest %= 1_000_000
        }
        if rest >= 1000 {
            // seribu, but dua ribu, sebelas ribu, seratus ribu.
            words += rest / 1000 == 1 ? ["n.1000"] : Self.belowThousand(rest / 1000) + ["w.ribu"]
            rest %= 1000
        }
        return words + Self.belowThousand(rest)
    }

    static func belowThousand(_ n: Int64) -> [String] {
        var words: [String] = []
        let hundreds = n / 100
        if hundreds == 1 { words.append("n.100") } else if hundreds > 1 { words += ["n.\(hundreds)", "w.ratus"] }
        let rest = n % 100
        switch rest {
        case 0: break
        case 1...11: words.append("n.\(rest)")  // satu … sembilan, sepuluh, sebelas
        case 12...19: words += ["n.\(rest - 10)", "w.belas"]
        default:
            words += ["n.\(rest / 10)", "w.puluh"]
            if rest % 10 > 0 { words.append("n.\(rest % 10)") }
        }
        return words
    }

    func amount(_ money: Money) -> [String]? { unitStyle(money) }

    func paid(amount: [String], wallet: String) -> [String] {
        ["p.received"] + amount + ["w.via", wallet]
    }

    var numberVocabulary: Set<String> {
        Set((0...11).map { "n.\($0)" }).union(["n.100", "n.1000", "w.belas", "w.puluh", "w.ratus", "w.ribu", "w.juta", billion, "w.point"])
    }
}
