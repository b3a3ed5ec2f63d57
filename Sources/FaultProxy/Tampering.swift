import Antom
import Foundation

/// How the proxy rewrites an acquirer's answer for the integrity faults.
enum Tampering {
    /// Not JSON, but it starts like a success so a lax parser would be tempted.
    static let malformedBody = Array(#"{"result":{"resultStatus":"S","resultCode":"SUCCESS""#.utf8) + Array(",,<html>".utf8)

    /// The body rewritten to claim success. The simulator writes compact JSON with sorted keys,
    /// so string values can be replaced in place; a body that already claims success gets a
    /// trailing space, which JSON allows and a signature does not.
    static func claimingSuccess(_ body: [UInt8]) -> [UInt8] {
        guard var text = String(validating: body, as: UTF8.self) else { return body + [32] }
        text = replacing(key: "resultStatus", in: text, with: "S")
        text = replacing(key: "resultCode", in: text, with: "SUCCESS")
        text = replacing(key: "paymentStatus", in: text, with: "SUCCESS")
        let forged = Array(text.utf8)
        return forged == body ? body + [32] : forged
    }

    /// The body without the members that tie an answer to a payment. The simulator writes compact
    /// JSON with sorted keys and no nested objects inside an amount, so members are cut as text.
    static func withoutIdentifiers(_ body: [UInt8]) -> [UInt8] {
        guard var text = String(validating: body, as: UTF8.self) else { return body }
        for key in ["paymentRequestId", "paymentId"] {
            while let range = text.range(of: #""\#(key)":"[^"]*",?"#, options: .regularExpression) { text.removeSubrange(range) }
        }
        while let range = text.range(of: #""paymentAmount":\{[^}]*\},?"#, options: .regularExpression) { text.removeSubrange(range) }
        text = text.replacingOccurrences(of: ",}", with: "}")
        return Array(text.utf8)
    }

    /// Signs `response` as Antom signs its answers (`POST <path>\n<client-id>.<response-time>.<body>`),
    /// but with `key`.
    static func resign(_ response: inout HTTPMessage, path: String, clientID: String, with key: RSAPrivateKey) {
        let time = response.header("response-time") ?? "2026-01-01T00:00:00Z"
        let responder = response.header("client-id") ?? clientID
        guard let signature = try? key.sign(SignContent.bytes(path: path, clientID: responder, time: time, body: response.body)) else {
            response.setHeader("signature", nil)
            return
        }
        response.setHeader("response-time", time)
        response.setHeader("signature", SignatureHeader(keyVersion: "1", signature: signature).headerValue)
    }

    /// The value of `"key":"…"` replaced everywhere it occurs.
    private static func replacing(key: String, in text: String, with value: String) -> String {
        let marker = "\"\(key)\":\""
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: marker) {
            result += rest[..<start.upperBound]
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            result += value
            rest = rest[end...]
        }
        return result + rest
    }

    /// `"paymentRequestId":"…"` in a request body, for the log.
    static func paymentRequestId(in body: [UInt8]) -> String? {
        guard let text = String(validating: body, as: UTF8.self), let start = text.range(of: "\"paymentRequestId\":\"") else { return nil }
        let rest = text[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

extension StringProtocol {
    /// A plain substring search (FoundationEssentials-free).
    func range(of needle: String) -> Range<Index>? {
        let needle = Array(needle.utf8)
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].utf8.starts(with: needle) {
                return index..<self.utf8.index(index, offsetBy: needle.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}
