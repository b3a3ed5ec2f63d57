import Foundation
import Money
import TestSupport
@testable import Voice

/// The clip texts of voice/<locale>.tsv, so the grammar tables read as the words a customer
/// hears ("一千零五点零五元") rather than clip names.
enum VoiceTexts {
    static let root = BoxFiles.repository.path + "/voice"

    static func texts(_ locale: VoiceLocale) -> [String: String] {
        let source = (try? String(contentsOfFile: "\(root)/\(locale.rawValue).tsv", encoding: .utf8)) ?? ""
        var texts: [String: String] = [:]
        for line in source.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if fields.count == 2 { texts[fields[0]] = fields[1] }
        }
        return texts
    }

    /// The words of `clips`, joined as the locale writes them; an unknown clip shows as `<name>`.
    static func render(_ clips: [String], _ locale: VoiceLocale) -> String {
        let texts = texts(locale)
        return clips.map { texts[$0] ?? "<\($0)>" }.joined(separator: locale.spacesWords ? " " : "")
    }

    static func money(_ text: String, _ code: String) -> Money {
        try! Money(parsing: text, currency: try! Currency(code: code))
    }

    /// The amount's words in `locale`, or `nil` when it cannot be said.
    static func say(_ text: String, _ code: String, in locale: VoiceLocale) -> String? {
        locale.grammar.amount(money(text, code)).map { render($0, locale) }
    }
}
