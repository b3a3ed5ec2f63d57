import Journal
import Money
@testable import POSLink
import Settlement
import Testing
import TestSupport

extension POSLinkSuite {
@Suite("Fixed price")
struct FixedSourceTests {
    static func box(_ settings: FixedSourceSettings, clock: ManualClock = ManualClock()) async throws -> POSHarness<FixedSource> {
        try await POSHarness(clock: clock) { journal, _, clock in
            try FixedSource(settings: settings, journal: journal, clock: clock, logger: quiet)
        }
    }

    @Test("every accepted code is a new order for the configured price", arguments: [
        ("JPY", "300", Int64(300)), ("USD", "2.50", Int64(250)), ("KWD", "0.750", Int64(750)),
    ])
    func everyCodeAnOrder(currency: String, amount: String, minor: Int64) async throws {
        let box = try await Self.box(FixedSourceSettings(amount: amount, currency: currency, description: "Car park exit"))
        defer { box.remove() }
        #expect(box.source.arming.current.armedAmount?.amount.minorUnits == minor)
        let first = try #require(await box.scan(code()))
        let second = try #require(await box.scan(code()))
        #expect(first != second)
        for reference in [first, second] {
            let order = try #require(try await box.journal.order(reference))
            #expect(order.amountMinor == minor)
            #expect(order.currency == currency)
            #expect(order.source == "fixed")
            #expect(try await box.journal.attempts(order: reference).first?.state == .succeeded)
        }
        await box.stop()
    }

    /// The composition root hands over the price the configuration typed: no text in between.
    @Test func aTypedPriceIsChargedAsItIs() async throws {
        let price = try Money(minorUnits: 125_000, currency: Currency(code: "IDR"))  // 1 250 rupiah, whole
        let box = try await Self.box(FixedSourceSettings(price: price, description: "Parkir"))
        defer { box.remove() }
        #expect(box.source.arming.current.armedAmount?.amount == price)
        let reference = try #require(await box.scan(code()))
        let order = try #require(try await box.journal.order(reference))
        #expect(order.amount == price)
        await box.stop()
    }

    @Test("the daily cap stops arming once reached, counts declines as nothing, and resets the next day")
    func dailyCap() async throws {
        let clock = ManualClock()
        let box = try await Self.box(FixedSourceSettings(amount: "2.00", currency: "USD", dailyCap: "5.00"), clock: clock)
        defer { box.remove() }
        #expect(await box.scan(code()) != nil)
        #expect(await box.scan(code("11")) != nil)  // declined: does not count
        #expect(await box.scan(code()) != nil)
        #expect(await box.source.orderForScan() == .none("daily cap of 5.00 USD reached"))
        #expect(box.source.arming.current == .idle)
        #expect(await box.source.statusText() == "fixed: 2.00 USD per code, 4.00 USD of the 5.00 USD daily cap taken")

        clock.advance(.seconds(24 * 3600))
        await box.source.refreshArming()
        #expect(box.source.arming.current.armedAmount?.amount.decimalString == "2.00")
        #expect(await box.scan(code()) != nil)
        await box.stop()
    }

    @Test("settings problems are named by key")
    func validation() throws {
        let problems = FixedSourceSettings(amount: "2,50", currency: "usd", dailyCap: "1.00", utcOffsetMinutes: 2000).validate()
        #expect(problems.map(\.key) == ["fixed.currency", "fixed.utc-offset"])
        let more = FixedSourceSettings(amount: "5.00", currency: "USD", dailyCap: "1.00", referencePrefix: "").validate()
        #expect(more.map(\.key) == ["fixed.daily-cap", "fixed.reference-prefix"])
        #expect(more.first?.description == "fixed.daily-cap: is less than one payment of 5.00 USD")
        let directory = POSHarness<FixedSource>.makeDirectory()
        defer { POSHarness<FixedSource>.removeJournal(in: directory) }
        let journal = try Journal(path: directory + "/journal.sqlite")
        #expect(throws: InvalidSettings.self) {
            try FixedSource(settings: FixedSourceSettings(amount: "0", currency: "USD"), journal: journal, logger: quiet)
        }
    }
}
}
