import Money
import PaymentModel
import Testing
@testable import Voice

/// The grammar, the sources in voice/ and the packs agree: everything a grammar can ask for has a
/// text to be spoken from, and nothing a grammar says lies outside its declared vocabulary.
@Suite("Vocabulary")
struct VocabularyTests {
    @Test("Every clip the grammar needs has a text in voice/<locale>.tsv", arguments: VoiceLocale.allCases)
    func sourcesCoverTheGrammar(_ locale: VoiceLocale) {
        let texts = VoiceTexts.texts(locale)
        let missing = PhraseGrammar.vocabulary(of: locale).subtracting(texts.keys)
        #expect(missing.isEmpty, "\(locale.rawValue) lacks \(missing.sorted())")
        let unused = Set(texts.keys).subtracting(PhraseGrammar.vocabulary(of: locale))
        #expect(unused.isEmpty, "\(locale.rawValue) has clips no grammar asks for: \(unused.sorted())")
    }

    @Test("Amounts across the range stay inside the vocabulary", arguments: VoiceLocale.allCases)
    func amountsStayInVocabulary(_ locale: VoiceLocale) throws {
        let vocabulary = PhraseGrammar.vocabulary(of: locale)
        var generator = SystemRandomNumberGenerator()
        var values: [Int64] = Array(0...2_000) + [9_999, 10_000, 10_001, 99_999, 100_000, 100_001, 1_000_000, 1_000_001, 10_000_000,
                                                  100_000_000, 100_000_001, 999_999_999_999]
        for _ in 0..<1_000 { values.append(Int64.random(in: 0...999_999_999_999, using: &generator)) }
        for code in ["SGD", "CNY", "JPY", "IDR", "THB", "MYR", "KWD", "AED", "VND", "GBP"] {
            let currency = try Currency(code: code)
            for value in values {
                let money = try Money(minorUnits: value, currency: currency)
                // One expectation for the sweep, not one per amount: 600 000 recorded expectations
                // were most of this suite's CPU at the start of the parallel run.
                let strays = PhraseGrammar.clips(for: .paid(amount: money, wallet: "GCASH"), in: locale).filter { !vocabulary.contains($0) }
                if !strays.isEmpty {
                    Issue.record("\(locale.rawValue) \(money): \(strays)")
                    return
                }
            }
        }
        for reason in DeclineReason.allCases {
            #expect(PhraseGrammar.clips(for: .declined(reason), in: locale).allSatisfy(vocabulary.contains))
        }
    }
}
