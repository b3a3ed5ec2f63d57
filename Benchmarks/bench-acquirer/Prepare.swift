import Antom
import PaymentModel
import Foundation
import Logging
import Money

/// What a pay costs before it can leave (on the path from scan to wire): `preparePay` whole,
/// against the RSA signature alone over a message of the same size, and against the generic
/// `JSONEncoder` the body used to go through. Medians over `count` pays, in µs, each after 20 ms
/// idle: caches as cold as between two customers (hot, in a tight loop, all three are cheaper).
struct PrepareFigures {
    let prepare: Int64, rsa: Int64, jsonEncoder: Int64
}

func measurePrepare(count: Int, boxKey: RSAPrivateKey, simPublic: RSAPublicKey) async throws -> PrepareFigures {
    let configuration = benchConfiguration(TransportConfiguration(baseURL: "http://127.0.0.1:9"))
    let client = try AntomClient(configuration: configuration, privateKey: boxKey, acquirerPublicKey: simPublic, logger: Logger(label: "bench-prepare"))
    let usd = try Currency(code: "USD")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var prepare: [Int64] = [], rsa: [Int64] = [], json: [Int64] = []
    for index in 0..<count {
        guard let id = RequestID("bench-prepare-\(index)") else { throw BenchError.unexpected("bad request id") }
        let command = PayCommand(paymentRequestId: id, paymentCode: "281001" + String(index).leftPad(16) + "00", referenceOrderId: "order-\(index)",
                                 orderDescription: "bench", amount: try Money(minorUnits: 1234, currency: usd))
        let request = PayRequest(
            paymentRequestId: id.value, paymentAmount: WireAmount(command.amount), paymentMethod: .init(paymentMethodId: command.paymentCode),
            order: .init(referenceOrderId: command.referenceOrderId, orderDescription: command.orderDescription, orderAmount: WireAmount(command.amount),
                         merchant: .init(referenceMerchantId: benchMerchant.referenceMerchantId, merchantMCC: benchMerchant.merchantMCC,
                                         merchantName: benchMerchant.merchantName,
                                         store: .init(referenceStoreId: benchMerchant.referenceStoreId, storeName: benchMerchant.storeName,
                                                      storeMCC: benchMerchant.storeMCC)),
                         env: .init(storeTerminalId: benchMerchant.storeTerminalId, storeTerminalRequestTime: "2026-11-27T08:00:00+00:00")))
        usleep(20_000)  // a customer at a time: caches as cold as between two real scans
        prepare.append(await micros { _ = client.preparePay(command) })
        let message = Array(repeating: UInt8(ascii: "x"), count: 760)
        usleep(20_000)
        rsa.append(try await micros { _ = try boxKey.sign(message) })
        json.append(try await micros { _ = try encoder.encode(request) })
    }
    return PrepareFigures(prepare: percentile(prepare, 0.5), rsa: percentile(rsa, 0.5), jsonEncoder: percentile(json, 0.5))
}
