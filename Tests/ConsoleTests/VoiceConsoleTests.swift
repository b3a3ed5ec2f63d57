@testable import Agent
import Foundation
import Logging
import Money
import Testing
import TestSupport
import Voice

/// `test voice` and `say last` on the console, with the agent's host and a real speaker on
/// libasound's file plugin: what the console says it said is what reached the device.
extension ConsolePTYTests.AgentHostTests {
    @Test("test voice says a phrase, say last repeats the last result, status shows the voice")
    func voiceCommands() async throws {
        let fixture = try Fixture()
        let pack = try SyntheticPack(locales: [.english], in: fixture.directory)
        let out = fixture.directory + "/speaker.raw"
        let packs = [try ClipPack.load(root: pack.root, locale: .english)]
        let speaker = Speaker(settings: VoiceSettings(device: "file:'\(out)',raw", locales: [.english]), packs: packs,
                              wallMilliseconds: { 0 }, logger: Logger(label: "test.voice"))
        fixture.host.attach(speaker: speaker)
        fixture.tasks.append(Task { try await speaker.run() })
        try await fixture.start()

        let anonymous = try await fixture.run("say last")
        #expect(anonymous.contains("nothing said yet"))
        try fixture.terminal.enter("login")
        try await fixture.terminal.waitFor("PIN: ")
        try fixture.terminal.enter(ConsoleHarness.pin)
        try await fixture.terminal.waitFor("\rscanbridge# ")

        // The store's currency is SGD (the default): 1005.05 SGD.
        let paid = try await fixture.run("test voice paid 1005.05")
        // The console wraps long lines; compare the words.
        let words = paid.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("saying: [p.received] [n.1] [w.thousand] [n.5] [u.SGD] [n.5] [u.SGD.minor] [w.via] [wallet.alipay]"), "\(paid)")
        let expired = try await fixture.run("test voice expired")
        #expect(expired.contains("saying: [p.expired]"))
        let again = try await fixture.run("say last")
        #expect(again.contains("saying again: [p.expired]"))
        let unknown = try await fixture.run("test voice sing")
        #expect(unknown.contains("no phrase \"sing\"; phrases: paid, declined"))
        let badAmount = try await fixture.run("test voice paid 12.345")
        #expect(badAmount.contains("12.345"), "\(badAmount)")

        let sgd = try Money(parsing: "1005.05", currency: Currency(code: "SGD"))
        let expected = (SyntheticPack.expected(.paid(amount: sgd, wallet: "ALIPAYCN"), .english)
            + SyntheticPack.expected(.codeExpired, .english) + SyntheticPack.expected(.codeExpired, .english)).littleEndianBytes
        func played() -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))) ?? [] }
        #expect(await eventually { speaker.status.phrasesSaid == 3 })
        #expect(played() == expected)
        let status = try await fixture.run("status")
        #expect(status.contains("voice ok (file:"), "\(status)")
        await fixture.stop()
    }
}
