import CMosquitto
import Glibc

/// libmosquitto's own words for its codes, and the translation of `MOSQ_ERR_*` to `MQTTError`.
enum MQTTReason {
    static func text(_ reasonCode: Int32) -> String {
        String(cString: mosquitto_reason_string(reasonCode))
    }

    static func errnoText(_ value: Int32) -> String {
        String(cString: strerror(value))
    }

    /// nil for success. `MOSQ_ERR_ERRNO` reads errno at once, before anything else can change it.
    static func error(_ code: Int32) -> MQTTError? {
        switch mosq_err_t(rawValue: code) {
        case MOSQ_ERR_SUCCESS: nil
        case MOSQ_ERR_NOMEM: .noMemory
        case MOSQ_ERR_INVAL: .invalidArgument
        case MOSQ_ERR_NO_CONN: .notConnected
        case MOSQ_ERR_CONN_REFUSED: .refused(reasonCode: 0x87)
        case MOSQ_ERR_CONN_LOST: .connectionLost
        case MOSQ_ERR_TLS, MOSQ_ERR_TLS_HANDSHAKE: .tls
        case MOSQ_ERR_PAYLOAD_SIZE, MOSQ_ERR_OVERSIZE_PACKET: .payloadTooLarge
        case MOSQ_ERR_AUTH, MOSQ_ERR_ACL_DENIED: .notAuthorized
        case MOSQ_ERR_EAI, MOSQ_ERR_LOOKUP: .lookup
        case MOSQ_ERR_ERRNO: .system(errno: errno)
        case MOSQ_ERR_KEEPALIVE: .keepalive
        case MOSQ_ERR_PROTOCOL, MOSQ_ERR_MALFORMED_PACKET: .protocolError
        default: .other(code: code, message: String(cString: mosquitto_strerror(code)))
        }
    }
}
