import Money

/// Mandarin, in 万 groups: 十二点五元, 一千零五点零五元, 十万元, 一万零五百元. A zero inside a group, or
/// a group under a thousand after a higher one, is one 零; trailing zeros are silent. A leading
/// 1 of the tens is silent (十二, 十万); 2 before 百, 千 and alone before 万 or 亿 is 两. Decimals
/// are read digit by digit after 点, trailing zeros dropped (the Alipay soundbox's 十二点五元).
struct MandarinGrammar: LocaleGrammar {
    var usesMinorUnits: Bool { false }

    func number(_ n: Int64) -> [String]? {
        guard n >= 0, n < 1_000_000_000_000 else { return nil }
        if n == 0 { return ["n.0"] }
        let groups: [(Int64, String?)] = [(n / 100_000_000, "w.yi"), (n / 10_000 % 10_000, "w.wan"), (n % 10_000, nil)]
        var words: [String] = []
        var gap = false
        for (group, marker) in groups {
            if group == 0 {
                if !words.isEmpty { gap = true }
                continue
            }
            if !words.isEmpty && (gap || group < 1000) { words.append("n.0") }
            if group == 2, marker != nil {
                words.append("n.2L")
            } else {
                words += Self.group(group, leading: words.isEmpty)
            }
            if let marker { words.append(marker) }
            gap = false
        }
        return words
    }

    /// One group of four digits (千 百 十 and units).
    static func group(_ value: Int64, leading: Bool) -> [String] {
        let digits = [value / 1000, value / 100 % 10, value / 10 % 10, value % 10]
        let markers: [String?] = ["w.1000", "w.100", "w.10", nil]
        var words: [String] = []
        var zero = false
        for (index, digit) in digits.enumerated() {
            if digit == 0 {
                if !words.isEmpty { zero = true }
                continue
            }
            if zero {
                words.append("n.0")
                zero = false
            }
            if index == 2, digit == 1, words.isEmpty, leading {
                // 十, 十二, 十万: no 一 before a leading ten.
            } else if digit == 2, index < 2 {
                words.append("n.2L")
            } else {
                words.append("n.\(digit)")
            }
            if let marker = markers[index] { words.append(marker) }
        }
        return words
    }

    func amount(_ money: Money) -> [String]? { pointStyle(money) }

    func paid(amount: [String], wallet: String) -> [String] {
        [wallet, "p.received"] + amount
    }

    var numberVocabulary: Set<String> {
        Set((0...9).map { "n.\($0)" }).union(["n.2L", "w.10", "w.100", "w.1000", "w.wan", "w.yi", "w.point"])
    }
}
