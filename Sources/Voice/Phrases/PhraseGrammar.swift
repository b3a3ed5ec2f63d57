/// The one entry to the grammars: a phrase in a locale → the clip names to join, in order.
public enum PhraseGrammar {
    public static func clips(for phrase: Phrase, in locale: VoiceLocale) -> [String] {
        locale.grammar.clips(for: phrase)
    }

    /// Every clip the locale's grammar can ask for: what its pack must hold.
    public static func vocabulary(of locale: VoiceLocale) -> Set<String> {
        locale.grammar.vocabulary
    }
}
