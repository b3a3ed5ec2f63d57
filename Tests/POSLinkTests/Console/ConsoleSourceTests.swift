import Journal
@testable import POSLink
import Settlement
import Testing
import TestSupport

extension POSLinkSuite {
@Suite("Console charge")
struct ConsoleSourceTests {
    static func box() async throws -> POSHarness<ConsoleSource> {
        try await POSHarness { journal, _, clock in
            try ConsoleSource(settings: ConsoleSourceSettings(defaultCurrency: "USD", armTimeout: .seconds(120)),
                              journal: journal, clock: clock, logger: quiet)
        }
    }

    @Test("charge AMOUNT [CURRENCY] [REF] arms; a code pays it; the charge disarms", arguments: [
        ("12.50", nil as String?, Int64(1250), "USD"), ("1500", "JPY", Int64(1500), "JPY"), ("1.250", "KWD", Int64(1250), "KWD"),
    ])
    func charge(amount: String, currency: String?, minor: Int64, expectedCurrency: String) async throws {
        let box = try await Self.box()
        defer { box.remove() }
        let armed = try await box.source.charge(amount: amount, currency: currency, reference: "T-\(expectedCurrency)")
        #expect(armed.reference == "T-\(expectedCurrency)")
        #expect(box.source.arming.current == .armed(armed))
        #expect(await box.scan(code()) == "T-\(expectedCurrency)")
        await expectEventually { box.source.arming.current == .idle }
        let attempt = try await box.journal.attempts(order: "T-\(expectedCurrency)").first
        #expect(attempt?.state == .succeeded)
        #expect(attempt?.amountMinor == minor)
        #expect(attempt?.currency == expectedCurrency)
        await box.stop()
    }

    @Test("a declined code leaves the charge armed; cancel disarms; time runs out")
    func declineCancelTimeout() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        try await box.source.charge(amount: "3.00")
        #expect(await box.scan(code("11")) != nil)
        await expectEventually { await box.source.status?.paying == false }
        #expect(box.source.arming.current.armedAmount != nil)
        #expect(await box.scan(code()) != nil)
        await expectEventually { box.source.arming.current == .idle }

        try await box.source.charge(amount: "4.00", reference: "T-4")
        #expect(await box.source.statusText() == "console: 4.00 USD for T-4 waiting for a code")
        #expect(try await box.source.cancelCharge()?.amount.decimalString == "4.00")
        #expect(box.source.arming.current == .idle)
        #expect(await box.source.orderForScan() == .none("no charge armed: type charge AMOUNT on the console"))

        try await box.source.charge(amount: "5.00")
        box.clock.advance(.seconds(121))
        await box.source.expireIfDue()
        #expect(box.source.arming.current == .idle)
        await box.stop()
    }

    @Test("bad amounts, currencies and references are refused with a message")
    func refused() async throws {
        let box = try await Self.box()
        defer { box.remove() }
        await #expect(throws: ChargeError.self) { try await box.source.charge(amount: "1.5", currency: "JPY") }
        await #expect(throws: ChargeError.self) { try await box.source.charge(amount: "1.2345", currency: "KWD") }
        await #expect(throws: ChargeError.self) { try await box.source.charge(amount: "12,50") }
        await #expect(throws: ChargeError.self) { try await box.source.charge(amount: "0") }
        await #expect(throws: ChargeError.self) { try await box.source.charge(amount: "1", currency: "XXY") }
        await #expect(throws: ChargeError.self) { try await box.source.charge(amount: "1", reference: "has space") }
        do {
            try await box.source.charge(amount: "1.5", currency: "JPY")
        } catch {
            #expect(error.description == "amount \"1.5\" has more than 0 decimals, the most JPY allows")
        }
        #expect(box.source.arming.current == .idle)
        await box.stop()
    }
}
}
