import PaymentModel
/// Where the acquirer is and how to reach it.
public struct TransportConfiguration: Sendable {
    /// Scheme, host and optional port, no path: `https://open-sea-global.alipay.com`.
    /// Plain `http` is accepted only for loopback hosts (the simulator).
    public var baseURL: String
    /// PEM bundle to trust instead of the system store (e.g. a private acquirer CA).
    public var caFile: String?
    /// libcurl pin: `sha256//<base64>` (several joined by `;`) or a PEM/DER public-key file.
    public var pinnedPublicKey: String?
    public var connectTimeout: Duration
    /// False opens a new connection for every request; only the benchmark wants that.
    public var reuseConnection: Bool
    /// How often the keep-warm loop checks for idleness; the connection is touched when it has
    /// been idle this long, so the gap stays under 2× this value (keep it under half the
    /// acquirer's idle timeout).
    public var keepWarmInterval: Duration
    /// Path of the cheap unsigned HEAD request that opens or refreshes the connection.
    public var warmPath: String

    public init(baseURL: String, caFile: String? = nil, pinnedPublicKey: String? = nil,
                connectTimeout: Duration = .seconds(3), reuseConnection: Bool = true,
                keepWarmInterval: Duration = .seconds(20), warmPath: String = "/") {
        self.baseURL = baseURL
        self.caFile = caFile
        self.pinnedPublicKey = pinnedPublicKey
        self.connectTimeout = connectTimeout
        self.reuseConnection = reuseConnection
        self.keepWarmInterval = keepWarmInterval
        self.warmPath = warmPath
    }

    /// Refuses plain HTTP beyond loopback: payment traffic must never leave the box unencrypted.
    func validated() throws(TransportError) -> TransportConfiguration {
        let lower = baseURL.lowercased()
        if lower.hasPrefix("https://") { return self }
        guard lower.hasPrefix("http://") else { throw .configuration("base URL must start with https:// (\(baseURL))") }
        let hostPort = lower.dropFirst("http://".count).prefix { $0 != "/" }
        let host: Substring
        if hostPort.hasPrefix("[") {
            host = hostPort.prefix { $0 != "]" }.dropFirst()
        } else {
            host = hostPort.prefix { $0 != ":" }
        }
        guard ["127.0.0.1", "localhost", "::1"].contains(String(host)) else {
            throw .configuration("plain http is allowed only to loopback, not \(host)")
        }
        return self
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
