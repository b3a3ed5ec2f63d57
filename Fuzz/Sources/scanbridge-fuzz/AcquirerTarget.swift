import Antom
import FoundationEssentials
import Money
import PaymentModel

/// The acquirer's answer to a pay or an inquiry, judged the way the client judges it after the
/// transport. Only an answer signed by the acquirer's key over exactly these bytes may be a
/// success; any other answer is `unknown`, whatever its body claims. A signature header that
/// parses prints back to itself. A verified body maps to success only when the body says S
/// for this request and this amount.
///
/// Input: [mode] [flags] signature-header LF response-time LF client-id LF body…
/// mode 0: the header as given (forged); 1: the acquirer's real signature of a fixed answer,
/// sent with the given time, client id and body; 2: a real signature by another key;
/// 3: the body as if it had passed the signature check.
enum AcquirerTarget {
    static let clientID = "SANDBOX_5YBZ1A2YFUZZ01"
    static let path = Endpoint.pay.path()
    static let inquiryPath = Endpoint.inquiryPayment.path()

    /// RSA-2048 keys are made once per process (about a second); each input reuses them.
    struct Keys: Sendable {
        let verifier: ResponseVerifier
        let signedTime = "2026-11-26T23:59:00+08:00"
        let signedBody = Array(#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"Success"},"paymentRequestId":"fuzz-1","paymentId":"2026112619","paymentAmount":{"currency":"USD","value":"1250"},"paymentTime":"2026-11-26T23:59:00+08:00"}"#.utf8)
        let genuine: String
        let stranger: String

        init() {
            let acquirer = try! KeyGenerator.generate()
            let other = try! KeyGenerator.generate()
            verifier = ResponseVerifier(acquirerKey: try! acquirer.publicKey(), clientID: AcquirerTarget.clientID)
            let content = SignContent.bytes(path: AcquirerTarget.path, clientID: AcquirerTarget.clientID, time: signedTime, body: signedBody)
            genuine = SignatureHeader(keyVersion: "1", signature: try! acquirer.sign(content)).headerValue
            stranger = SignatureHeader(keyVersion: "1", signature: try! other.sign(content)).headerValue
        }
    }

    static let keys = Keys()
    static let command = PayCommand(
        paymentRequestId: RequestID("fuzz-1")!, paymentCode: "281001234567890123456789", referenceOrderId: "order-1",
        orderDescription: "fuzz", amount: try! Money(minorUnits: 1250, currency: Currency(code: "USD")), createdAt: 1_790_000_000
    )

    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let mode = input.byte() & 3
        let flags = input.byte()
        let header = input.field(until: 0x0A).string
        let time = input.field(until: 0x0A).string
        let client = input.field(until: 0x0A).string
        let body = Array(input.rest())

        if mode == 3 { return verifiedBody(body) }
        if mode == 0, let parsed = SignatureHeader(parsing: header) {
            check(parsed.algorithm == "RSA256" && !parsed.signature.isEmpty, "accepted header \(header.debugDescription)")
            check(SignatureHeader(parsing: parsed.headerValue) == parsed, "header \(parsed.headerValue) does not parse back")
        }

        var headers: [String: String] = [:]
        if flags & 1 == 0 { headers["signature"] = mode == 1 ? keys.genuine : mode == 2 ? keys.stranger : header }
        if flags & 2 == 0 { headers["response-time"] = time }
        if flags & 4 == 0 { headers["client-id"] = client }
        let status = flags & 8 == 0 ? 200 : Int(flags >> 4) * 37
        // The one answer that is authentic: the acquirer's signature, over these very bytes.
        let authentic = mode == 1 && status == 200 && flags & 3 == 0 && time == keys.signedTime && body == keys.signedBody
            && (flags & 4 != 0 || client == clientID)

        let pay = AntomClient.payOutcome(status: status, headers: headers, body: body, path: path, verifier: keys.verifier, for: command)
        if authentic {
            check(pay == AntomClient.payOutcome(verifiedBody: body, for: command), "authentic answer judged \(pay)")
        } else {
            check(isUntrusted(pay), "unsigned or forged answer judged \(pay)")
        }
        let inquiry = AntomClient.inquiryOutcome(status: status, headers: headers, body: body, path: inquiryPath, verifier: keys.verifier)
        check(isUntrusted(inquiry), "an answer signed for pay was taken for an inquiry, or a forged one: \(inquiry)")
    }

    static func isUntrusted(_ outcome: PaymentOutcome) -> Bool {
        if case .unknown(.httpStatus) = outcome { return true }
        if case .unknown(.unverifiedResponse) = outcome { return true }
        return false
    }

    static func isUntrusted(_ outcome: InquiryOutcome) -> Bool {
        if case .unknown(.httpStatus) = outcome { return true }
        if case .unknown(.unverifiedResponse) = outcome { return true }
        return false
    }

    /// After the signature check: success only for an S about this request and amount, and an
    /// unreadable body is never anything but malformed.
    static func verifiedBody(_ body: [UInt8]) {
        let decoder = JSONDecoder()
        let pay = AntomClient.payOutcome(verifiedBody: body, for: command)
        let response = try? decoder.decode(PayResponse.self, from: Data(body))
        switch pay {
        case .success(let receipt):
            guard let response else { return check(false, "success from a body that does not decode") }
            check(ResultCodeMapping.category(status: response.result.resultStatus, code: response.result.resultCode) == .success,
                  "success for \(response.result)")
            check((response.paymentRequestId ?? command.paymentRequestId.value) == command.paymentRequestId.value, "success for another request")
            check((response.paymentAmount ?? WireAmount(command.amount)) == WireAmount(command.amount), "success for another amount")
            check(receipt.amount == command.amount && receipt.paymentRequestId == command.paymentRequestId.value, "receipt \(receipt)")
        case .declined:
            guard let response else { return check(false, "declined from a body that does not decode") }
            if case .declined = ResultCodeMapping.category(status: response.result.resultStatus, code: response.result.resultCode) {} else {
                check(false, "declined for \(response.result)")
            }
        case .unknown(.malformedResponse), .unknown(.inProcess), .configurationError:
            break
        case .unknown(let reason):
            check(false, "a verified body gave \(reason)")
        }
        if response == nil, case .unknown(.malformedResponse) = pay {} else if response == nil { check(false, "undecodable body gave \(pay)") }

        let inquiry = AntomClient.inquiryOutcome(verifiedBody: body)
        if case .paid(let receipt) = inquiry {
            guard let response = try? decoder.decode(InquiryResponse.self, from: Data(body)) else {
                return check(false, "paid from a body that does not decode")
            }
            check(ResultCodeMapping.category(status: response.result.resultStatus, code: response.result.resultCode) == .success
                  && response.paymentStatus == "SUCCESS", "paid for \(response.result) \(response.paymentStatus ?? "nil")")
            check(!receipt.paymentRequestId.isEmpty || response.paymentRequestId == "", "paid without an id")
        }
    }
}
