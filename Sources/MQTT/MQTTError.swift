/// What libmosquitto said went wrong, as one typed value: its `MOSQ_ERR_*` codes by name, the
/// broker's MQTT 5 reason code when it refused us, and errno for a failed system call.
public enum MQTTError: Error, Equatable, Sendable, CustomStringConvertible {
    case noMemory
    case invalidArgument
    case notConnected
    /// The broker answered CONNECT with a failure reason (MQTT 5 reason code, 0x80 and up).
    case refused(reasonCode: Int32)
    case connectionLost
    /// The broker closed the connection before its CONNACK: over TLS, most often a client
    /// certificate it does not trust (TLS 1.2 tells the client only after the handshake).
    case closedBeforeAccepted
    /// The TLS handshake or a TLS setting failed (wrong CA, a certificate the broker refuses).
    case tls
    /// A TLS file (CA bundle, certificate, key) cannot be read: checked before every connect,
    /// so one installed later is picked up without a restart.
    case unreadableFile(path: String, reason: String)
    case payloadTooLarge
    case notAuthorized
    /// The broker's host name did not resolve.
    case lookup
    /// A system call failed; errno's value.
    case system(errno: Int32)
    /// The broker did not answer within the keepalive.
    case keepalive
    case protocolError
    /// Any other `MOSQ_ERR_*` code, with libmosquitto's own words for it.
    case other(code: Int32, message: String)

    public var description: String {
        switch self {
        case .noMemory: "out of memory"
        case .invalidArgument: "invalid argument"
        case .notConnected: "not connected"
        case .refused(let code): "refused by the broker: \(MQTTReason.text(code)) (reason \(code))"
        case .connectionLost: "connection lost"
        case .closedBeforeAccepted: "closed by the broker before it accepted us (over TLS: our client certificate is not trusted there)"
        case .tls: "TLS failed (certificate not trusted, or refused by the broker)"
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .payloadTooLarge: "payload too large"
        case .notAuthorized: "not authorized"
        case .lookup: "broker host not found"
        case .system(let errno): "system error \(errno): \(MQTTReason.errnoText(errno))"
        case .keepalive: "no answer within the keepalive"
        case .protocolError: "protocol error"
        case .other(let code, let message): "\(message) (\(code))"
        }
    }
}
