/// The languages the box speaks. The raw value is the pack's folder name and the configuration's
/// value (`voice.locale`); each names the espeak-ng voice the default pack is made from.
public enum VoiceLocale: String, CaseIterable, Sendable, Hashable {
    case mandarin = "cmn"
    case english = "en"
    case malay = "ms"
    case thai = "th"
    case indonesian = "id"
    case japanese = "ja"

    /// Whether the words of a phrase's text are written with spaces between them (for the text
    /// the demo and the console show; the sound has no such thing).
    var spacesWords: Bool {
        switch self {
        case .mandarin, .japanese, .thai: false
        case .english, .malay, .indonesian: true
        }
    }

    /// The number grammar and word order of this language.
    var grammar: any LocaleGrammar {
        switch self {
        case .english: EnglishGrammar()
        case .mandarin: MandarinGrammar()
        case .malay: MalayGrammar(billion: "w.bilion")
        case .indonesian: MalayGrammar(billion: "w.miliar")
        case .thai: ThaiGrammar()
        case .japanese: JapaneseGrammar()
        }
    }
}
