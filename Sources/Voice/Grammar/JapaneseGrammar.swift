import Money

/// Japanese, in 万 groups without a zero word: 十二 (じゅうに), 三百 (さんびゃく), 八千 (はっせん), 一万
/// (いちまん), 千二百円. Hundreds and thousands are whole clips because their sound changes
/// (びゃく, ぴゃく, ぜん, っせん). Decimals after 点 (てん), digit by digit.
struct JapaneseGrammar: LocaleGrammar {
    var usesMinorUnits: Bool { false }

    func number(_ n: Int64) -> [String]? {
        guard n >= 0, n < 1_000_000_000_000 else { return nil }
        if n == 0 { return ["n.0"] }
        var words: [String] = []
        for (group, marker) in [(n / 100_000_000, "w.oku"), (n / 10_000 % 10_000, "w.man"), (n % 10_000, "")] where group > 0 {
            // 一万 and 一億 say their 一 (いちまん); a lone 一 in the units is いち too.
            words += group == 1 ? ["n.1"] : Self.group(group)
            if !marker.isEmpty { words.append(marker) }
        }
        return words
    }

    static func group(_ value: Int64) -> [String] {
        var words: [String] = []
        if value >= 1000 { words.append("k.\(value / 1000 * 1000)") }
        if value / 100 % 10 > 0 { words.append("h.\(value / 100 % 10 * 100)") }
        if value / 10 % 10 > 0 { words.append("t.\(value / 10 % 10 * 10)") }
        if value % 10 > 0 { words.append("n.\(value % 10)") }
        return words
    }

    func amount(_ money: Money) -> [String]? { pointStyle(money) }

    func paid(amount: [String], wallet: String) -> [String] {
        [wallet, "w.via"] + amount + ["p.received"]
    }

    var numberVocabulary: Set<String> {
        Set((0...9).map { "n.\($0)" }
            + (1...9).map { "t.\($0 * 10)" } + (1...9).map { "h.\($0 * 100)" } + (1...9).map { "k.\($0 * 1000)" })
            .union(["w.man", "w.oku", "w.point"])
    }
}
