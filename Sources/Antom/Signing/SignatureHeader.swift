import POSIX
import PaymentModel
import FoundationEssentials

/// The `signature` header: `algorithm=RSA256,keyVersion=<n>,signature=<url-encoded base64>`.
public struct SignatureHeader: Equatable, Sendable {
    public var algorithm: String
    public var keyVersion: String
    /// The raw RSA signature bytes (already URL-decoded and base64-decoded).
    public var signature: [UInt8]

    public init(algorithm: String = "RSA256", keyVersion: String, signature: [UInt8]) {
        self.algorithm = algorithm
        self.keyVersion = keyVersion
        self.signature = signature
    }

    /// The header value exactly as Antom's SDKs write it; base64 `+`, `/`, `=` are percent-encoded
    /// like Java's `URLEncoder` would.
    public var headerValue: String {
        "algorithm=\(algorithm),keyVersion=\(keyVersion),signature=\(PercentEncoding.encode(Data(signature).base64EncodedString()))"
    }

    /// Parses a header value. Items may be in any order and may have spaces after commas (the
    /// docs' own example does); the signature is taken as everything after the first
    /// `signature=`, so `=` padding that was not percent-encoded survives.
    /// - Returns: nil when the algorithm is not RSA256 or the signature is not base64.
    public init?(parsing value: String) {
        guard let range = value.firstRange(of: "signature=") else { return nil }
        let encoded = value[range.upperBound...].trimmedSpaces
        let prefixItems = value[..<range.lowerBound].split(separator: ",").map(\.trimmedSpaces)
        var fields: [String: String] = [:]
        for item in prefixItems where !item.isEmpty {
            guard let equals = item.firstIndex(of: "=") else { return nil }
            fields[String(item[..<equals]).lowercased()] = String(item[item.index(after: equals)...])
        }
        guard fields["algorithm"] == "RSA256",
              let decoded = PercentEncoding.decode(encoded),
              let bytes = Data(base64Encoded: decoded), !bytes.isEmpty
        else { return nil }
        self.algorithm = "RSA256"
        self.keyVersion = fields["keyversion"] ?? ""
        self.signature = Array(bytes)
    }
}

/// The string Antom signs: `POST <path>\n<client-id>.<time>.<body>`, as bytes, with the body
/// appended verbatim (no re-serialization, no newline normalisation).
public enum SignContent {
    public static func bytes(method: String = "POST", path: String, clientID: String, time: String, body: [UInt8]) -> [UInt8] {
        Array("\(method) \(path)\n\(clientID).\(time).".utf8) + body
    }
}

/// Percent-encoding as `URLEncoder.encode(_, "UTF-8")` / `quote_plus` do for base64 text.
enum PercentEncoding {
    /// Into bytes, then one String: appending scalar by scalar to a String cost 40 µs per pay.
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "*"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                Hex.append(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX`; a literal `+` stays `+`, because in an unencoded base64 value it is data,
    /// not a space.
    static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(), let value = Hex.byte(high, low) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (FoundationEssentials has no CharacterSet trim).
    var trimmedSpaces: String {
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
