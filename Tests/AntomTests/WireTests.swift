import PaymentModel
@testable import Antom
import Foundation
import Money
import Testing

@Suite("Wire format of the requests")
struct WireTests {
    @Test func payRequestHasEveryFieldAsAStringWithTheFixedValues() throws {
        let box = try TestKeys.box.get()
        var merchant = SimulatorHarness.merchant
        merchant.settlementCurrency = try Currency(code: "USD")
        merchant.paymentNotifyUrl = "https://merchant.example/notify"
        let (client, _, _) = try SimulatorHarness.makeClient(baseURL: "http://127.0.0.1:9", merchant: merchant, clientKey: box, acquirerKey: box.publicKey())
        let command = try SimulatorHarness.command(code: "281001012345678901234567", amount: "1000", currency: "JPY", order: "ORD-1")
        let request = client.payRequest(for: command)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any])

        #expect(json["productCode"] as? String == "IN_STORE_PAYMENT")
        #expect(json["paymentRequestId"] as? String == command.paymentRequestId.value)
        #expect((json["paymentMethod"] as? [String: String]) == ["paymentMethodType": "CONNECT_WALLET", "paymentMethodId": "281001012345678901234567"])
        #expect((json["paymentFactor"] as? [String: String]) == ["inStorePaymentScenario": "PaymentCode"])
        #expect((json["paymentAmount"] as? [String: String]) == ["currency": "JPY", "value": "1000"])
        #expect((json["settlementStrategy"] as? [String: String]) == ["settlementCurrency": "USD"])
        #expect(json["paymentNotifyUrl"] as? String == "https://merchant.example/notify")
        let order = try #require(json["order"] as? [String: Any])
        #expect(order["referenceOrderId"] as? String == "ORD-1")
        #expect(order["orderDescription"] as? String == "2 bowls of ramen")
        #expect((order["orderAmount"] as? [String: String]) == ["currency": "JPY", "value": "1000"])
        let merchantJSON = try #require(order["merchant"] as? [String: Any])
        #expect(merchantJSON["referenceMerchantId"] as? String == "M-TEST-1")
        #expect(merchantJSON["merchantMCC"] as? String == "5812")
        #expect(merchantJSON["merchantName"] as? String == "Test Noodles")
        #expect((merchantJSON["store"] as? [String: String]) == ["referenceStoreId": "S-1", "storeName": "Test Noodles Ginza", "storeMCC": "5812"])
        let env = try #require(order["env"] as? [String: String])
        #expect(env["storeTerminalId"] == "BOX-7")
        let time = try #require(env["storeTerminalRequestTime"])
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}/) != nil, "got \(time)")
        #expect(client.payRequest(for: command) == request, "a resent attempt is the same request")
    }

    @Test func optionalFieldsAreAbsentNotNull() throws {
        let box = try TestKeys.box.get()
        let (client, _, _) = try SimulatorHarness.makeClient(baseURL: "http://127.0.0.1:9", clientKey: box, acquirerKey: box.publicKey())
        let body = String(decoding: try JSONEncoder().encode(client.payRequest(for: SimulatorHarness.command(code: paymentCode()))), as: UTF8.self)
        #expect(!body.contains("settlementStrategy"))
        #expect(!body.contains("paymentNotifyUrl"))
        #expect(!body.contains("null"))
    }

    @Test("ISO-8601 with offset from integer arithmetic", arguments: [
        (Int64(0), 0, "1970-01-01T00:00:00+00:00"),
        (1_591_853_702, 8 * 3600, "2020-06-11T13:35:02+08:00"),
        (1_591_853_702, -(5 * 3600 + 30 * 60), "2020-06-11T00:05:02-05:30"),
        (951_782_400, 0, "2000-02-29T00:00:00+00:00"),
        (4_102_444_799, 0, "2099-12-31T23:59:59+00:00"),
        (-1, 0, "1969-12-31T23:59:59+00:00"),
    ])
    func iso8601(seconds: Int64, offset: Int, expected: String) {
        #expect(Timestamp.iso8601(epochSeconds: seconds, offsetSeconds: offset) == expected)
    }

    @Test func requestIDsAreBoundedAndUnique() throws {
        #expect(RequestID(String(repeating: "a", count: 64)) != nil)
        #expect(RequestID(String(repeating: "a", count: 65)) == nil)
        #expect(RequestID("") == nil)
        #expect(RequestID("has space") == nil)
        #expect(RequestID("ünï") == nil)
        let ids = (0..<1000).compactMap { _ in RequestID.make(prefix: "BOX7-", epochMilliseconds: 1_700_000_000_000) }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.value.utf8.count <= 64 })
    }

    @Test func endpointPaths() {
        #expect(Endpoint.pay.path() == "/ams/api/v1/payments/pay")
        #expect(Endpoint.inquiryPayment.path() == "/ams/api/v1/payments/inquiryPayment")
        #expect(Endpoint.cancel.path() == "/ams/api/v1/payments/cancel")
        #expect(Endpoint.refund.path() == "/ams/api/v1/payments/refund")
    }

    @Test("payment codes are masked to first 6 and last 4", arguments: [
        ("281001012345678901234567", "281001**************4567"),
        ("28888888888888888", "288888*******8888"),
        ("1234567890", "**********"),
    ])
    func masking(code: String, masked: String) {
        #expect(PaymentCodeMask.mask(code) == masked)
    }
}

@Suite("Response time")
struct ResponseTimeTests {
    @Test("response-time reads back to Unix seconds", arguments: [
        ("2020-06-11T13:35:02+08:00", Int64(1_591_853_702)), ("2020-06-11T05:35:02Z", 1_591_853_702),
        ("2020-06-11T05:35:02.250Z", 1_591_853_702), ("1970-01-01T00:00:00-01:30", 5400), ("1591853702123", 1_591_853_702),
    ])
    func parses(text: String, seconds: Int64) {
        #expect(Timestamp.epochSeconds(parsing: text) == seconds)
    }

    @Test("what is not a time is refused", arguments: ["", "2020-06-11", "2020-13-11T05:35:02Z", "2020-06-11T05:35:02", "2020-06-11T05:35:02+0800"])
    func refuses(text: String) {
        #expect(Timestamp.epochSeconds(parsing: text) == nil)
    }

    @Test("round trip with the formatter")
    func roundTrip() {
        for seconds: Int64 in [0, 951_782_400, 1_700_000_000, 4_102_444_800] {
            #expect(Timestamp.epochSeconds(parsing: Timestamp.iso8601(epochSeconds: seconds, offsetSeconds: 19_800)) == seconds)
        }
    }
}
