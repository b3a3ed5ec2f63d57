@testable import Agent
import PaymentModel
import Indicators
import Settlement
import Testing

@Suite("What the merchant sees")
struct IndicatorMappingTests {
    /// A journal that cannot record is the box's fault, not the customer's: the standing red
    /// double flash that calls a technician, not "declined, try again".
    @Test func aJournalFaultShowsTheDeviceFaultPatternAndAnOrdinaryRefusalShowsDeclined() {
        #expect(IndicatorMapping.indicator(for: PaymentEvent.Kind.journalFault("journal disk is full")) == .deviceFault)
        #expect(IndicatorMapping.indicator(for: PaymentEvent.Kind.refused("order A is already paid")) == .declined)
        #expect(PaymentEvent.Kind.journalFault("x").metricLabel == "journal_fault")
    }
}
