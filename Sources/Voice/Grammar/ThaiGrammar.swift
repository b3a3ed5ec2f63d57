import Money

/// Thai: สิบ, สิบเอ็ด, ยี่สิบ, ยี่สิบเอ็ด, หนึ่งร้อยเอ็ด, หนึ่งหมื่น, หนึ่งแสน, and ล้าน repeating for
/// the millions; money as "สิบสองบาทห้าสิบสตางค์". A final 1 after any higher digit is เอ็ด.
struct ThaiGrammar: LocaleGrammar {
    var usesMinorUnits: Bool { true }

    func number(_ n: Int64) -> [String]? {
        guard n >= 0, n < 1_000_000_000_000 else { return nil }
        if n == 0 { return ["n.0"] }
        if n >= 1_000_000 {
            let millions = Self.belowMillion(n / 1_000_000)
            let rest = n % 1_000_000
            return millions + ["w.lan"] + (rest > 0 ? Self.belowMillion(rest, afterHigher: true) : [])
        }
        return Self.belowMillion(n)
    }

    /// Up to 999 999. `afterHigher`: a higher digit came before (a million), so a lone 1 is เอ็ด.
    static func belowMillion(_ n: Int64, afterHigher: Bool = false) -> [String] {
        let places: [(Int64, String)] = [(100_000, "w.saen"), (10_000, "w.muen"), (1000, "w.phan"), (100, "w.roi")]
        var words: [String] = []
        var rest = n
        for (place, word) in places where rest >= place {
            words += ["n.\(rest / place)", word]
            rest %= place
        }
        let tens = rest / 10
        let units = rest % 10
        switch tens {
        case 0: break
        case 1: words.append("w.sip")
        case 2: words.append("n.20")
        default: words += ["n.\(tens)", "w.sip"]
        }
        if units == 1, n > 1 || afterHigher {
            words.append("n.ed")
        } else if units > 0 {
            words.append("n.\(units)")
        }
        return words
    }

    func amount(_ money: Money) -> [String]? { unitStyle(money) }

    func paid(amount: [String], wallet: String) -> [String] {
        ["p.received"] + amount + ["w.via", wallet]
    }

    var numberVocabulary: Set<String> {
        Set((0...9).map { "n.\($0)" }).union(["n.ed", "n.20", "w.sip", "w.roi", "w.phan", "w.muen", "w.saen", "w.lan", "w.point"])
    }
}
