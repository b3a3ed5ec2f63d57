import Testing
@testable import Voice

/// Each locale's amounts, by table: what a cashier would say, including the edges the issue names
/// (0.01, 10.00, 100 000, 1 005.05, 12 000 000 IDR) and each language's own traps.
@Suite("Number grammar, by locale")
struct GrammarTableTests {
    static let mandarinTable: [(String, String, String)] = [
        ("0.01", "CNY", "零点零一元"), ("10.00", "CNY", "十元"), ("12.50", "CNY", "十二点五元"), ("100000.00", "CNY", "十万元"),
        ("1005.05", "CNY", "一千零五点零五元"), ("10500", "CNY", "一万零五百元"), ("20000", "CNY", "两万元"), ("2", "CNY", "二元"),
        ("200", "CNY", "两百元"), ("1010", "CNY", "一千零一十元"), ("10010", "CNY", "一万零一十元"), ("110000", "CNY", "十一万元"),
        ("100000005", "CNY", "一亿零五元"), ("100005000", "CNY", "一亿零五千元"), ("0", "CNY", "零元"), ("15", "CNY", "十五元"),
        ("99999999.99", "CNY", "九千九百九十九万九千九百九十九点九九元"), ("12000000", "IDR", "一千两百万印尼盾"),
        ("1200", "JPY", "一千两百日元"), ("12.50", "SGD", "十二点五新加坡元"), ("3.05", "AED", "三点零五"),
    ]
    static let englishTable: [(String, String, String)] = [
        ("0.01", "SGD", "one cent"), ("10.00", "SGD", "ten dollars"), ("12.50", "SGD", "twelve dollars fifty"),
        ("1.00", "SGD", "one dollar"), ("1005.05", "SGD", "one thousand five dollars five cents"),
        ("100000", "SGD", "one hundred thousand dollars"), ("0.50", "SGD", "fifty cents"), ("21.99", "SGD", "twenty one dollars ninety nine"),
        ("1200", "JPY", "one thousand two hundred yen"), ("1", "KRW", "one won"), ("12000000", "IDR", "twelve million rupiah"),
        ("1500000", "VND", "one million five hundred thousand dong"), ("2.01", "GBP", "two pounds one penny"),
        ("115", "USD", "one hundred fifteen US dollars"), ("12.50", "AED", "twelve point five"), ("0", "SGD", "zero dollars"),
        ("1001001.10", "SGD", "one million one thousand one dollars ten"),
    ]
    static let malayTable: [(String, String, String)] = [
        ("0.01", "MYR", "satu sen"), ("10.00", "MYR", "sepuluh ringgit"), ("12.50", "MYR", "dua belas ringgit lima puluh sen"),
        ("100000", "MYR", "seratus ribu ringgit"), ("1005.05", "MYR", "seribu lima ringgit lima sen"), ("11000", "MYR", "sebelas ribu ringgit"),
        ("2500000", "MYR", "dua juta lima ratus ribu ringgit"), ("115", "MYR", "seratus lima belas ringgit"),
        ("12000000", "IDR", "dua belas juta rupiah"), ("18", "MYR", "lapan belas ringgit"), ("1000000000", "MYR", "satu bilion ringgit"),
    ]
    static let indonesianTable: [(String, String, String)] = [
        ("12000000", "IDR", "dua belas juta rupiah"), ("0.01", "IDR", "satu sen"), ("10.00", "IDR", "sepuluh rupiah"),
        ("100000", "IDR", "seratus ribu rupiah"), ("1005.05", "IDR", "seribu lima rupiah lima sen"),
        ("1500000000", "IDR", "satu miliar lima ratus juta rupiah"), ("18", "IDR", "delapan belas rupiah"),
        ("250000", "IDR", "dua ratus lima puluh ribu rupiah"), ("1001000", "IDR", "satu juta seribu rupiah"),
    ]
    static let thaiTable: [(String, String, String)] = [
        ("0.01", "THB", "หนึ่งสตางค์"), ("10.00", "THB", "สิบบาท"), ("12.50", "THB", "สิบสองบาทห้าสิบสตางค์"), ("21", "THB", "ยี่สิบเอ็ดบาท"),
        ("11", "THB", "สิบเอ็ดบาท"), ("101", "THB", "หนึ่งร้อยเอ็ดบาท"), ("100000", "THB", "หนึ่งแสนบาท"),
        ("1005.05", "THB", "หนึ่งพันห้าบาทห้าสตางค์"), ("1000001", "THB", "หนึ่งล้านเอ็ดบาท"), ("12000000", "THB", "สิบสองล้านบาท"),
        ("1", "THB", "หนึ่งบาท"), ("12000000", "IDR", "สิบสองล้านรูเปียห์"),
    ]
    static let japaneseTable: [(String, String, String)] = [
        ("1200", "JPY", "せんにひゃくえん"), ("10000", "JPY", "いちまんえん"), ("100000", "JPY", "じゅうまんえん"), ("1005", "JPY", "せんごえん"),
        ("300", "JPY", "さんびゃくえん"), ("8000", "JPY", "はっせんえん"), ("1", "JPY", "いちえん"), ("12000000", "JPY", "せんにひゃくまんえん"),
        ("12.50", "USD", "じゅうにてんごどる"), ("0.01", "USD", "ぜろてんぜろいちどる"), ("100000000", "JPY", "いちおくえん"),
        ("10.00", "USD", "じゅうどる"), ("1005.05", "USD", "せんごてんぜろごどる"), ("12000000", "IDR", "せんにひゃくまんるぴあ"),
    ]

    @Test("Mandarin", arguments: mandarinTable) func mandarin(_ row: (String, String, String)) {
        #expect(VoiceTexts.say(row.0, row.1, in: .mandarin) == row.2)
    }

    @Test("English", arguments: englishTable) func english(_ row: (String, String, String)) {
        #expect(VoiceTexts.say(row.0, row.1, in: .english) == row.2)
    }

    @Test("Malay", arguments: malayTable) func malay(_ row: (String, String, String)) {
        #expect(VoiceTexts.say(row.0, row.1, in: .malay) == row.2)
    }

    @Test("Indonesian", arguments: indonesianTable) func indonesian(_ row: (String, String, String)) {
        #expect(VoiceTexts.say(row.0, row.1, in: .indonesian) == row.2)
    }

    @Test("Thai", arguments: thaiTable) func thai(_ row: (String, String, String)) {
        #expect(VoiceTexts.say(row.0, row.1, in: .thai) == row.2)
    }

    @Test("Japanese", arguments: japaneseTable) func japanese(_ row: (String, String, String)) {
        #expect(VoiceTexts.say(row.0, row.1, in: .japanese) == row.2)
    }

    @Test("An amount past the scale words is not said, in any locale", arguments: VoiceLocale.allCases)
    func tooLarge(_ locale: VoiceLocale) {
        #expect(locale.grammar.number(1_000_000_000_000) == nil)
        #expect(locale.grammar.number(999_999_999_999) != nil)
        // …and the payment is still announced, without its amount.
        let clips = PhraseGrammar.clips(for: .paid(amount: VoiceTexts.money("99999999999999", "JPY"), wallet: "GCASH"), in: locale)
        #expect(clips.contains("p.received") && clips.contains("wallet.gcash"))
        #expect(!clips.contains { $0.hasPrefix("n.") })
    }
}

@Suite("Phrases, by locale")
struct PhraseTableTests {
    @Test func paidSaysAmountAndWallet() {
        let sgd = VoiceTexts.money("12.50", "SGD")
        #expect(VoiceTexts.render(PhraseGrammar.clips(for: .paid(amount: sgd, wallet: "GCASH"), in: .english), .english)
                == "received twelve dollars fifty via G Cash")
        #expect(VoiceTexts.render(PhraseGrammar.clips(for: .paid(amount: VoiceTexts.money("12.50", "CNY"), wallet: "ALIPAYCN"), in: .mandarin), .mandarin)
                == "支付宝收款十二点五元")
        #expect(VoiceTexts.render(PhraseGrammar.clips(for: .paid(amount: VoiceTexts.money("1200", "JPY"), wallet: "PAYPAY"), in: .japanese), .japanese)
                == "ぺいぺいでせんにひゃくえんうけとりました")
        #expect(VoiceTexts.render(PhraseGrammar.clips(for: .paid(amount: VoiceTexts.money("12000000", "IDR"), wallet: "DANA"), in: .indonesian), .indonesian)
                == "pembayaran diterima dua belas juta rupiah melalui Dana")
        #expect(VoiceTexts.render(PhraseGrammar.clips(for: .paid(amount: VoiceTexts.money("12.50", "MYR"), wallet: "TNG"), in: .malay), .malay)
                == "bayaran diterima dua belas ringgit lima puluh sen melalui Touch n Go")
        #expect(VoiceTexts.render(PhraseGrammar.clips(for: .paid(amount: VoiceTexts.money("12.50", "THB"), wallet: "TRUEMONEY"), in: .thai), .thai)
                == "ได้รับเงินสิบสองบาทห้าสิบสตางค์ผ่านTrue Money")
    }

    @Test("Wallets by pspName, with the generic fallback", arguments: [
        ("ALIPAYCN", "wallet.alipay"), ("ALIPAY_CN", "wallet.alipay"), ("AlipayHK", "wallet.alipayhk"), ("GCASH", "wallet.gcash"),
        ("KAKAOPAY", "wallet.kakaopay"), ("TRUEMONEY", "wallet.truemoney"), ("TNG", "wallet.tng"), ("Touch 'n Go", "wallet.tng"),
        ("DANA", "wallet.dana"), ("RABBIT_LINE_PAY", "wallet.rabbitlinepay"), ("SIMWALLET", "wallet.generic"), ("", "wallet.generic"),
    ])
    func wallets(_ row: (String, String)) {
        #expect(Wallets.clip(for: row.0) == row.1)
        #expect(Wallets.clip(for: nil) == "wallet.generic")
    }

    @Test func declinesSayTheReasonACustomerCanActOn() {
        #expect(PhraseGrammar.clips(for: .declined(.insufficientFunds), in: .english) == ["p.declined", "r.insufficient-funds"])
        #expect(PhraseGrammar.clips(for: .declined(.invalidOrExpiredCode), in: .english) == ["p.declined", "r.code"])
        #expect(PhraseGrammar.clips(for: .declined(.other), in: .english) == ["p.declined"])
        #expect(PhraseGrammar.clips(for: .declined(.orderClosed), in: .thai) == ["p.declined"])
    }

    @Test func everyTestNameIsAPhrase() {
        for name in Phrase.testNames {
            #expect(Phrase.test(named: name, amount: VoiceTexts.money("1.00", "SGD")) != nil, "\(name)")
        }
        #expect(Phrase.test(named: "sing", amount: nil) == nil)
    }
}
