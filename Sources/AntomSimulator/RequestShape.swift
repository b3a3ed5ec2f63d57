import Antom
import PaymentModel
import Foundation

/// The simulator's own reading of a request body, independent of the client's `Codable` types:
/// the fields Antom's documentation and both official in-store SDKs' validators require, found
/// by path in the raw JSON. Decoding with the client's own types would accept whatever those
/// types happen to make optional, so a field the client forgets would pass the simulator and fail
/// at Antom; this catches it (PARAM_ILLEGAL, as Antom answers).
enum RequestShape {
    /// The first problem with `body` for `endpoint`, or nil when it has every required field.
    static func problem(_ endpoint: Endpoint, body: [UInt8]) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return "body is not a JSON object" }
        func text(_ path: String) -> String? {
            var node: Any = object
            for part in path.split(separator: ".") {
                guard let dictionary = node as? [String: Any], let next = dictionary[String(part)] else { return nil }
                node = next
            }
            // Antom sends and wants every scalar as a JSON string.
            return (node as? String).flatMap { $0.isEmpty ? nil : $0 }
        }
        func missing(_ paths: [String]) -> String? {
            paths.first { text($0) == nil }.map { "\($0) is missing, empty or not a string" }
        }
        func amount(_ path: String) -> String? {
            if let problem = missing([path + ".currency", path + ".value"]) { return problem }
            let value = text(path + ".value") ?? ""
            return value.allSatisfy(\.isASCII) && value.allSatisfy(\.isNumber) ? nil : "\(path).value must be minor units as digits"
        }
        switch endpoint {
        case .pay:
            if let problem = missing(payFields) ?? amount("paymentAmount") ?? amount("order.orderAmount") { return problem }
            if text("productCode") != "IN_STORE_PAYMENT" { return "productCode must be IN_STORE_PAYMENT" }
            if text("paymentMethod.paymentMethodType") != "CONNECT_WALLET" { return "paymentMethod.paymentMethodType must be CONNECT_WALLET" }
            if text("paymentFactor.inStorePaymentScenario") != "PaymentCode" { return "paymentFactor.inStorePaymentScenario must be PaymentCode" }
            if text("order.orderAmount.currency") != text("paymentAmount.currency") { return "order.orderAmount must be in the payment's currency" }
            return nil
        case .inquiryPayment, .cancel:
            return text("paymentRequestId") == nil && text("paymentId") == nil ? "paymentRequestId or paymentId is required" : nil
        case .refund:
            return missing(["refundRequestId", "paymentId"]) ?? amount("refundAmount")
        case .inquiryRefund:
            return text("refundRequestId") == nil && text("refundId") == nil ? "refundRequestId or refundId is required" : nil
        }
    }

    static let payFields = [
        "productCode", "paymentRequestId", "paymentMethod.paymentMethodType", "paymentMethod.paymentMethodId",
        "paymentFactor.inStorePaymentScenario", "order.orderDescription", "order.merchant.referenceMerchantId",
        "order.merchant.merchantMCC", "order.merchant.merchantName", "order.merchant.store.referenceStoreId",
        "order.merchant.store.storeName", "order.merchant.store.storeMCC", "order.env.storeTerminalId",
        "order.env.storeTerminalRequestTime",
    ]
}
