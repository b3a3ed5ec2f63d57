import Console
import Money
import Voice

extension AgentConsoleHost {
    /// The speaker, when the box speaks; the composition root attaches it.
    public func attach(speaker: Speaker?) {
        attachedSpeaker.withLock { $0 = speaker }
    }

    /// `test voice [PHRASE [AMOUNT]]`: queues the phrase and shows what it says. Paid and reversed
    /// take an amount in the box's currency (12.50 unless given), said with Alipay as the wallet.
    public func testVoice(_ phrase: String?, amount: String?) async -> Result<String, ConsoleHostError> {
        guard let speaker = attachedSpeaker.withLock({ $0 }) else {
            return .failure(ConsoleHostError("this box does not speak (voice.enabled = false)"))
        }
        let name = phrase ?? "paid"
        let currency = store.settings.amount.currency
        let money: Money
        do {
            money = try Money(parsing: amount ?? (currency.exponent == 0 ? "1250" : "12.50"), currency: currency)
        } catch {
            return .failure(ConsoleHostError("\(error)"))
        }
        guard let spoken = Phrase.test(named: name, amount: money) else {
            return .failure(ConsoleHostError("no phrase \"\(name)\"; phrases: \(Phrase.testNames.joined(separator: ", "))"))
        }
        speaker.say(spoken)
        return Self.said(speaker, spoken, prefix: "saying")
    }

    public func sayLast() async -> Result<String, ConsoleHostError> {
        guard let speaker = attachedSpeaker.withLock({ $0 }) else {
            return .failure(ConsoleHostError("this box does not speak (voice.enabled = false)"))
        }
        guard let last = speaker.sayLast() else { return .failure(ConsoleHostError("nothing said yet")) }
        return Self.said(speaker, last, prefix: "saying again")
    }

    /// What the phrase says; a voice that is down says so instead of pretending.
    static func said(_ speaker: Speaker, _ phrase: Phrase, prefix: String) -> Result<String, ConsoleHostError> {
        let words = speaker.transcript(for: phrase)
        if let fault = speaker.status.fault { return .failure(ConsoleHostError("voice is down (\(fault)); would say: \(words)")) }
        return .success("\(prefix): \(words)")
    }
}
