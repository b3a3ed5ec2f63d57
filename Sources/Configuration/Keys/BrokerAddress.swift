/// `fleet.broker`, parsed: where the uplink connects and whether over TLS.
public struct BrokerAddress: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var tls: Bool

    public init(host: String, port: Int, tls: Bool) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    public enum Problem: Error, CustomStringConvertible {
        case malformed
        case badPort
        case plainBeyondLoopback(String)

        public var description: String {
            switch self {
            case .malformed: "is not a broker address; write mqtts://host[:port] (e.g. mqtts://fleet.example.com:8883)"
            case .badPort: "has a port that is not 1 to 65535"
            case .plainBeyondLoopback(let host):
                "would send payments and the broker password in the clear to \(host); use mqtts:// (plain MQTT only to 127.0.0.1, localhost or [::1])"
            }
        }
    }
}

extension ValueParser {
    /// `mqtts://host[:port]` (TLS, 8883), `mqtt://host[:port]` (1883) or `host:port` (plain).
    /// Plain MQTT only to loopback: a box on shop Wi-Fi must not publish payments in the clear.
    public static func broker(_ text: String) -> Result<BrokerAddress, BrokerAddress.Problem> {
        var rest = Substring(text)
        var tls = false
        if rest.hasPrefix("mqtts://") {
            tls = true
            rest = rest.dropFirst(8)
        } else if rest.hasPrefix("mqtt://") {
            rest = rest.dropFirst(7)
        } else if !rest.contains(":") || rest.contains("/") {
            return .failure(.malformed)
        }
        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(.malformed) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(.malformed) }
                portText = after.dropFirst()
            }
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return .failure(.malformed) }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
        }
        guard !host.isEmpty, host.unicodeScalars.allSatisfy({ $0.isASCIIIdentifier || $0 == ":" }) else { return .failure(.malformed) }
        var port = tls ? 8883 : 1883
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else { return .failure(.badPort) }
            port = number
        }
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        guard tls || loopback else { return .failure(.plainBeyondLoopback(String(host))) }
        return .success(BrokerAddress(host: String(host), port: port, tls: tls))
    }
}
