import Configuration
import Events
import Money
import PaymentModel
import Scanner
import ScanCode
import Testing
@testable import Voice

/// Which events the box speaks, and which it keeps quiet about.
@Suite("Voice mapping")
struct VoiceMappingTests {
    static let amount = VoiceTexts.money("12.50", "SGD")

    static func payment(_ kind: PaymentEvent.Kind, order: String = "A1") -> AgentEvent {
        .payment(PaymentEvent(kind, order: order, attempt: 1, at: 0, wallet: "GCASH", amount: amount))
    }

    @Test func eachResultHasItsPhrase() {
        #expect(VoiceMapping.phrase(for: Self.payment(.succeeded(paymentId: "P")), faults: true) == .paid(amount: Self.amount, wallet: "GCASH"))
        #expect(VoiceMapping.phrase(for: Self.payment(.declined(.limit, resultCode: "X")), faults: true) == .declined(.limit))
        #expect(VoiceMapping.phrase(for: Self.payment(.waitingForCustomer), faults: true) == .confirmOnPhone)
        #expect(VoiceMapping.phrase(for: Self.payment(.queuedOffline), faults: true) == .queued)
        #expect(VoiceMapping.phrase(for: Self.payment(.expired), faults: true) == .codeExpired)
        #expect(VoiceMapping.phrase(for: Self.payment(.cancelled), faults: true) == .notCompleted)
        #expect(VoiceMapping.phrase(for: Self.payment(.reversed(source: "pos")), faults: true) == .reversed(amount: Self.amount))
        #expect(VoiceMapping.phrase(for: .codeRefused(CodeRefusal(masked: "281001******1234", reason: .noAmount("none"))), faults: true) == .noAmount)
        #expect(VoiceMapping.phrase(for: .scan(ScanEvent(.rejected(.url, preview: "https://x"))), faults: true) == .notPaymentCode)
    }

    @Test func faultsOnlyWhenAskedAndSilenceForTheRest() {
        for kind: PaymentEvent.Kind in [.needsAttention, .configurationError("key"), .journalFault("disk full")] {
            #expect(VoiceMapping.phrase(for: Self.payment(kind), faults: true) == .fault)
            #expect(VoiceMapping.phrase(for: Self.payment(kind), faults: false) == nil)
        }
        for kind: PaymentEvent.Kind in [.processing, .duplicateReversed, .refused("busy")] {
            #expect(VoiceMapping.phrase(for: Self.payment(kind), faults: true) == nil)
        }
        #expect(VoiceMapping.phrase(for: .desk(.armed(order: "A1", amount: Self.amount)), faults: true) == nil)
        #expect(VoiceMapping.phrase(for: .output(OutputEvent(output: "voice", fault: "x")), faults: true) == nil)
    }

    @Test func theLocaleListMatchesTheCatalog() {
        #expect(VoiceLocale.allCases.map(\.rawValue) == ConfigKey.voiceLocales)
    }
}
