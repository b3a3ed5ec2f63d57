@testable import Antom
import Foundation
import Testing

/// The pay body is written by hand (it is on the path from scan to wire); these hold it to the
/// bytes `JSONEncoder` gives for the same request, which is what every other request sends.
@Suite("Hand-written pay body")
struct WireBodyTests {
    static func encoded(_ request: PayRequest) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(request))
    }

    static func request(text: String, settlement: Bool, notify: Bool) -> PayRequest {
        PayRequest(
            paymentRequestId: "BOX7-\(text)", paymentAmount: WireAmount(currency: "JPY", value: "1000"),
            paymentMethod: .init(paymentMethodId: "281001012345678901234567"),
            order: .init(
                referenceOrderId: "ORD-\(text)", orderDescription: text, orderAmount: WireAmount(currency: "JPY", value: "1000"),
                merchant: .init(referenceMerchantId: "M-1", merchantMCC: "5812", merchantName: "Noodles \(text)",
                                store: .init(referenceStoreId: "S-1", storeName: "Ginza/\(text)", storeMCC: "5812")),
                env: .init(storeTerminalId: "BOX-7", storeTerminalRequestTime: "2026-11-27T08:00:00+09:00")),
            settlementStrategy: settlement ? .init(settlementCurrency: "USD") : nil,
            paymentNotifyUrl: notify ? "https://merchant.example/notify?a=1&b=\(text)" : nil)
    }

    @Test("same bytes as JSONEncoder, with and without the optional fields", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func sameBytesAsJSONEncoder(settlement: Bool, notify: Bool) throws {
        let request = Self.request(text: "2 bowls of ramen", settlement: settlement, notify: notify)
        let body = request.wireBody()
        #expect(body == (try Self.encoded(request)), "\(String(decoding: body, as: UTF8.self))")
        #expect(!String(decoding: body, as: UTF8.self).contains("null"))
    }

    @Test func everyASCIICharacterAndSomeUnicodeEscapeAsJSONEncoderDoes() throws {
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["\"quoted\"", "back\\slash", "a/b", "ラーメン 2杯", "😀", "\u{2028}\u{2029}", "\u{85}", "é", ""]
        samples.append(String((0..<128).map { Character(UnicodeScalar(UInt8($0))) }))
        for text in samples {
            let request = Self.request(text: text, settlement: true, notify: true)
            let body = request.wireBody()
            #expect(body == (try Self.encoded(request)), "text \(Array(text.utf8)): \(String(decoding: body, as: UTF8.self))")
            let decoded = try JSONDecoder().decode(PayRequest.self, from: Data(body))
            #expect(decoded == request)
        }
    }

    @Test func percentEncodingOfEveryByteMatchesJavasURLEncoderForBase64() {
        // Unreserved bytes stay; everything else is %XX, upper-case hex, as URLEncoder writes it.
        var text = ""
        var expected = ""
        for byte in UInt8(0x20)...UInt8(0x7E) {
            let character = String(UnicodeScalar(byte))
            text += character
            let keep = character.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII }
                || ("0"..."9").contains(character) || ["-", "_", ".", "*"].contains(character)
            expected += keep ? character : String(format: "%%%02X", byte)
        }
        #expect(PercentEncoding.encode(text) == expected)
        #expect(PercentEncoding.encode("é") == "%C3%A9")
        #expect(PercentEncoding.decode(PercentEncoding.encode(text)) == text)
    }
}
