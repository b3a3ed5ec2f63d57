import Antom
import PaymentModel
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What goes on the wire, read from a raw socket: the headers Antom requires and a signature that
/// covers exactly the body bytes that arrived.
@Suite("Request bytes on the wire")
struct RequestBytesTests {
    @Test func headersAndSignatureCoverTheBytesSent() async throws {
        let (fd, port) = try RawSockets.silentListener()
        defer { close(fd) }
        let box = try TestKeys.box.get()
        let (client, _, _) = try SimulatorHarness.makeClient(baseURL: "http://127.0.0.1:\(port)", payTimeout: .seconds(3),
                                                             clientKey: box, acquirerKey: box.publicKey())
        async let captured = RequestCapture.captureOne(listener: fd)
        let command = try SimulatorHarness.command(code: paymentCode())
        let outcome = await client.pay(command)
        let request = try #require(await captured)

        guard case .unknown(.transport(let error)) = outcome, error.requestMayHaveReachedAcquirer else {
            Issue.record("a connection closed after the request is an unknown outcome, got \(outcome)")
            return
        }
        #expect(request.head.hasPrefix("POST /ams/api/v1/payments/pay HTTP/1.1\r\n"))
        #expect(request.headers["content-type"] == "application/json; charset=UTF-8")
        #expect(request.headers["client-id"] == "SANDBOX_5Y3A2N2YEB2L01234")
        let time = try #require(request.headers["request-time"])
        #expect(time.count == 13 && time.allSatisfy(\.isNumber), "epoch milliseconds, got \(time)")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(abs(now - (Int64(time) ?? 0)) < 60_000)
        #expect(request.headers["expect"] == nil, "no 100-continue round trip")

        let value = try #require(request.headers["signature"])
        #expect(value.hasPrefix("algorithm=RSA256,keyVersion=1,signature="))
        #expect(!value.dropFirst("algorithm=RSA256,keyVersion=1,signature=".count).contains(where: { "+/=".contains($0) }),
                "base64 is percent-encoded")
        let header = try #require(SignatureHeader(parsing: value))
        let content = SignContent.bytes(path: "/ams/api/v1/payments/pay", clientID: "SANDBOX_5Y3A2N2YEB2L01234", time: time, body: request.body)
        #expect(try box.publicKey().isValidSignature(header.signature, for: content), "the signature covers the exact bytes received")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(json["paymentRequestId"] as? String == command.paymentRequestId.value)
    }
}
