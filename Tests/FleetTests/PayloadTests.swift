import Fleet
@testable import Journal
import Testing

/// The payloads' wire form: what the head office's tools and a reconciliation script read.
@Suite("Fleet payloads")
struct PayloadTests {
    @Test func aPaymentRecordCarriesWhatReconciliationNeedsAndNoCode() throws {
        var attempt = Attempt(id: 7, orderReference: "O-7", paymentRequestId: "BOX-1-0007", code: nil, codeMasked: "281001******1234",
                              amountMinor: 1250, currency: "USD", state: .succeeded, capturedAt: 1_733_300_000_000, codeExpiresAt: 0,
                              updatedAt: 1_733_300_001_500, nextActionAt: nil, inquiries: 0, cancelTries: 0, paymentId: "PAY-7",
                              resultCode: "SUCCESS", reason: "S")
        attempt.payer = PayerInfo(wallet: "GCASH", customerId: "63******12", actualAmountMinor: 70_000, actualCurrency: "PHP", quote: nil)
        let json = String(decoding: PaymentRecord(.payment(attempt), box: "BOX-1").json, as: UTF8.self)
        #expect(json == #"{"acquirer":"antom","amount":{"currency":"USD","value":"1250"},"box":"BOX-1","createdAt":1733300000000,"createdAtISO":"2024-12-04T08:13:20+00:00","customerId":"63******12","orderReference":"O-7","paymentId":"PAY-7","paymentRequestId":"BOX-1-0007","reason":"S","resultCode":"SUCCESS","state":"succeeded","type":"payment","updatedAt":1733300001500,"updatedAtISO":"2024-12-04T08:13:21+00:00","v":1,"wallet":"GCASH","walletAmount":{"currency":"PHP","value":"70000"}}"#)
        #expect(!json.contains("281001"), "not even the masked code leaves the box")
    }

    @Test func configRequestsAsJSONOrLines() throws {
        let json = try ConfigRequest.parse(Array(#"{"id":"c-1","set":{"amount.fixed":"4.20"},"unset":["log.level"]}"#.utf8)).get()
        #expect(json == ConfigRequest(id: "c-1", changes: ["amount.fixed": "4.20", "log.level": String?.none]))
        let lines = try ConfigRequest.parse(Array("amount.fixed = 4.20\r\n\n log.level=debug \n".utf8)).get()
        #expect(lines == ConfigRequest(changes: ["amount.fixed": "4.20", "log.level": "debug"]))
        for bad in ["{\"set\":", "{}", "amount.fixed", "", String(repeating: "a=b\n", count: 5000)] {
            #expect((try? ConfigRequest.parse(Array(bad.utf8)).get()) == nil, "\(bad.prefix(20))")
        }
    }

    @Test func theWillSaysOfflineAndParsesBack() {
        let will = StatusReport.offline(box: "BOX-1")
        #expect(String(decoding: will.json, as: UTF8.self) == #"{"box":"BOX-1","online":false,"v":1}"#)
        #expect(StatusReport.parse(will.json) == will)
    }
}
