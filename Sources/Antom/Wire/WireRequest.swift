import PaymentModel
import FoundationEssentials

/// A request body the client signs and sends: the signature covers exactly these bytes.
protocol WireRequest: Encodable {
    func wireBody() throws -> [UInt8]
}

extension WireRequest {
    /// Keys sorted and slashes left alone, so the same request always gives the same bytes.
    func wireBody() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}

extension PaymentLookup: WireRequest {}
extension RefundRequest: WireRequest {}
extension RefundLookup: WireRequest {}

extension PayRequest: WireRequest {
    /// Written by hand: the pay is built between a scan and the wire. The same bytes as the
    /// `JSONEncoder` default (keys in sorted order here; WireBodyTests compares the two).
    func wireBody() -> [UInt8] {
        var body = JSONObjectWriter()
        body.object("order") { order in
            order.object("env") { env in
                env.field("storeTerminalId", self.order.env.storeTerminalId)
                env.field("storeTerminalRequestTime", self.order.env.storeTerminalRequestTime)
            }
            order.object("merchant") { merchant in
                let value = self.order.merchant
                merchant.field("merchantMCC", value.merchantMCC)
                merchant.field("merchantName", value.merchantName)
                merchant.field("referenceMerchantId", value.referenceMerchantId)
                merchant.object("store") { store in
                    store.field("referenceStoreId", value.store.referenceStoreId)
                    store.field("storeMCC", value.store.storeMCC)
                    store.field("storeName", value.store.storeName)
                }
            }
            order.object("orderAmount") { $0.amount(self.order.orderAmount) }
            order.field("orderDescription", self.order.orderDescription)
            order.field("referenceOrderId", self.order.referenceOrderId)
        }
        body.object("paymentAmount") { $0.amount(paymentAmount) }
        body.object("paymentFactor") { $0.field("inStorePaymentScenario", paymentFactor.inStorePaymentScenario) }
        body.object("paymentMethod") { method in
            method.field("paymentMethodId", paymentMethod.paymentMethodId)
            method.field("paymentMethodType", paymentMethod.paymentMethodType)
        }
        body.field("paymentNotifyUrl", paymentNotifyUrl)
        body.field("paymentRequestId", paymentRequestId)
        body.field("productCode", productCode)
        if let settlementStrategy {
            body.object("settlementStrategy") { $0.field("settlementCurrency", settlementStrategy.settlementCurrency) }
        }
        return body.finished()
    }
}

extension JSONObjectWriter {
    mutating func amount(_ amount: WireAmount) {
        field("currency", amount.currency)
        field("value", amount.value)
    }
}
