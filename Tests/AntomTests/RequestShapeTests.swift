@testable import Antom
@testable import AntomSimulator
import Foundation
import Testing

/// The simulator checks requests against Antom's required fields on its own reading of the JSON,
/// not through the client's types: the box's real pay body passes, and the same body with any
/// one required field taken out is refused naming that field.
@Suite("Simulator: requests checked without the client's types")
struct RequestShapeTests {
    static let body = WireBodyTests.request(text: "noodles", settlement: false, notify: false).wireBody()

    @Test func theBoxsOwnPayBodyHasEveryRequiredField() {
        #expect(RequestShape.problem(.pay, body: Self.body) == nil)
    }

    @Test("a pay without one required field is refused, naming it", arguments: RequestShape.payFields + ["paymentAmount.value", "order.orderAmount.currency"])
    func missingField(path: String) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.body)) as? [String: Any])
        object = Self.removing(path.split(separator: ".").map(String.init), from: object)
        let stripped = Array(try JSONSerialization.data(withJSONObject: object))
        let problem = RequestShape.problem(.pay, body: stripped)
        #expect(problem?.hasPrefix(path) == true, "\(problem ?? "accepted")")
    }

    @Test func wrongFixedValuesAndLookupsWithoutIdsAreRefused() throws {
        let lowercase = String(decoding: Self.body, as: UTF8.self).replacingOccurrences(of: "\"PaymentCode\"", with: "\"PAYMENTCODE\"")
        #expect(RequestShape.problem(.pay, body: Array(lowercase.utf8)) == "paymentFactor.inStorePaymentScenario must be PaymentCode")
        #expect(RequestShape.problem(.inquiryPayment, body: Array("{}".utf8)) == "paymentRequestId or paymentId is required")
        #expect(RequestShape.problem(.refund, body: Array(#"{"refundRequestId":"R1","paymentId":"P1","refundAmount":{"currency":"USD","value":1}}"#.utf8))
                == "refundAmount.value is missing, empty or not a string")
        #expect(RequestShape.problem(.inquiryRefund, body: Array(#"{"refundRequestId":"R1"}"#.utf8)) == nil)
    }

    static func removing(_ path: [String], from object: [String: Any]) -> [String: Any] {
        var copy = object
        guard let first = path.first else { return copy }
        if path.count == 1 {
            copy[first] = nil
        } else if let inner = copy[first] as? [String: Any] {
            copy[first] = removing(Array(path.dropFirst()), from: inner)
        }
        return copy
    }
}
