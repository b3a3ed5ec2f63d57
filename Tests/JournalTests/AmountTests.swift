import Journal
import Money
import Testing

@Suite("Amounts read from the journal")
struct AmountTests {
    @Test func anOrderAndItsAttemptReadAsMoneyInTheirCurrencysExponent() throws {
        let order = Order(reference: "A-1", amountMinor: 1250, currency: "SGD", source: "test", createdAt: 1)
        #expect(order.amount == (try Money(minorUnits: 1250, currency: Currency(code: "SGD"))))
        #expect(order.amount?.description == "12.50 SGD")
        let yen = Order(reference: "A-2", amountMinor: 1250, currency: "JPY", source: "test", createdAt: 1)
        #expect(yen.amount?.description == "1250 JPY", "no decimals for a 0-exponent currency")
    }

    @Test func aCurrencyTheBoxDoesNotKnowIsNoAmountRatherThanAWrongOne() {
        let order = Order(reference: "A-3", amountMinor: 100, currency: "XXQ", source: "test", createdAt: 1)
        #expect(order.amount == nil)
    }
}
