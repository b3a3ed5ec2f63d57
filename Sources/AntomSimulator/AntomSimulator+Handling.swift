import Antom
import PaymentModel
import FlyingFox
import Foundation

extension AntomSimulator {
    /// One API call: check the signature, decode, let the ledger decide, then deliver the answer
    /// the way the scenario says (signed, unsigned, forged, slow, dropped or HTTP 500).
    func handle(_ endpoint: Endpoint, path: String, request: HTTPRequest) async throws -> HTTPResponse {
        let body = Array(try await request.bodyData)
        var arrived = timespec()
        clock_gettime(CLOCK_REALTIME, &arrived)
        let clientID = request.headers[HTTPHeader("client-id")] ?? ""
        guard requestIsSigned(path: path, clientID: clientID, request: request, body: body) else {
            await ledger.countRequest(signatureValid: false)
            // Like Antom's gateway: a signature failure comes back unsigned.
            return try respond(WireEnvelope(result: Ledger.fail("INVALID_SIGNATURE", "request signature does not verify")), path: path, clientID: clientID, delivery: .unsigned)
        }
        await ledger.countRequest(signatureValid: true)
        if let problem = RequestShape.problem(endpoint, body: body) {
            return try respond(WireEnvelope(result: Ledger.fail("PARAM_ILLEGAL", problem)), path: path, clientID: clientID, delivery: .normal)
        }
        let decoder = JSONDecoder()
        do {
            switch endpoint {
            case .pay:
                let pay = try decoder.decode(PayRequest.self, from: Data(body))
                payObserver?(pay.paymentMethod.paymentMethodId, Int64(arrived.tv_sec) * 1_000_000 + Int64(arrived.tv_nsec) / 1000)
                let scenario = await ledger.scenario(for: pay.paymentMethod.paymentMethodId)
                if scenario.delivery == .http500 {
                    return HTTPResponse(statusCode: .internalServerError, body: Data("simulated internal error".utf8))
                }
                let response = await ledger.pay(pay, scenario: scenario)
                return try await deliver(response, path: path, clientID: clientID, delivery: scenario.delivery)
            case .inquiryPayment:
                let response = await ledger.inquire(try decoder.decode(PaymentLookup.self, from: Data(body)))
                return try respond(response, path: path, clientID: clientID, delivery: .normal)
            case .cancel:
                let response = await ledger.cancel(try decoder.decode(PaymentLookup.self, from: Data(body)))
                return try respond(response, path: path, clientID: clientID, delivery: .normal)
            case .refund:
                let response = await ledger.refund(try decoder.decode(RefundRequest.self, from: Data(body)))
                return try respond(response, path: path, clientID: clientID, delivery: .normal)
            case .inquiryRefund:
                let response = await ledger.inquireRefund(try decoder.decode(RefundLookup.self, from: Data(body)))
                return try respond(response, path: path, clientID: clientID, delivery: .normal)
            }
        } catch is DecodingError {
            return try respond(WireEnvelope(result: Ledger.fail("PARAM_ILLEGAL", "request body does not match the API")), path: path, clientID: clientID, delivery: .normal)
        }
    }

    private func deliver(_ response: PayResponse, path: String, clientID: String, delivery: Scenario.Delivery) async throws -> HTTPResponse {
        switch delivery {
        case .drop:
            return HTTPResponse(webSocket: DropConnection())
        case .slow:
            try await Task.sleep(for: configuration.slowResponseDelay)
            return try respond(response, path: path, clientID: clientID, delivery: .normal)
        case .repeatInconsistent:
            let refused = PayResponse(result: Ledger.fail("REPEAT_REQ_INCONSISTENT", "paymentRequestId already used"))
            return try respond(refused, path: path, clientID: clientID, delivery: .normal)
        case .withoutIdentifiers:
            var bare = response
            bare.paymentRequestId = nil
            bare.paymentAmount = nil
            return try respond(bare, path: path, clientID: clientID, delivery: .normal)
        default:
            return try respond(response, path: path, clientID: clientID, delivery: delivery)
        }
    }

    /// Verifies `signature` over `POST <path>\n<client-id>.<request-time>.<body>` with the box's key.
    private func requestIsSigned(path: String, clientID: String, request: HTTPRequest, body: [UInt8]) -> Bool {
        guard !clientID.isEmpty,
              let time = request.headers[HTTPHeader("request-time")], !time.isEmpty,
              let value = request.headers[HTTPHeader("signature")],
              let header = SignatureHeader(parsing: value)
        else { return false }
        let content = SignContent.bytes(path: path, clientID: clientID, time: time, body: body)
        return configuration.boxPublicKey.isValidSignature(header.signature, for: content)
    }

    /// Serialises once and signs exactly those bytes, as Antom does.
    private func respond(_ value: some Encodable, path: String, clientID: String, delivery: Scenario.Delivery) throws -> HTTPResponse {
        let body = Array(try Self.encode(value))
        let time = Timestamp.iso8601(epochSeconds: Timestamp.epochMilliseconds() / 1000, offsetSeconds: 0)
        var headers: HTTPHeaders = [.contentType: "application/json; charset=UTF-8", HTTPHeader("response-time"): time, HTTPHeader("client-id"): clientID]
        if delivery != .unsigned {
            var signature = try configuration.signingKey.sign(SignContent.bytes(path: path, clientID: clientID, time: time, body: body))
            if delivery == .forged { signature[signature.count / 2] ^= 0xFF }
            headers[HTTPHeader("signature")] = SignatureHeader(keyVersion: "1", signature: signature).headerValue
        }
        return HTTPResponse(statusCode: .ok, headers: headers, body: Data(body))
    }
}

/// Closes the connection without sending a byte, after the ledger has recorded the payment.
///
/// FlyingFox has no "abort" response; a WebSocket handler that fails before the upgrade
/// response is written makes the server close the socket with nothing sent, which is exactly a
/// connection lost after processing.
struct DropConnection: WSHandler {
    struct Dropped: Error {}

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        throw Dropped()
    }
}
