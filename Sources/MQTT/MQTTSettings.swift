/// How to reach and present ourselves to a broker: plain values, no C types.
public struct MQTTSettings: Sendable, Equatable {
    public struct TLS: Sendable, Equatable {
        /// PEM bundle of the CAs that may sign the broker's certificate.
        public var caFile: String
        /// The box's client certificate and key (PEM), when the broker authenticates by certificate.
        public var certificateFile: String?
        public var keyFile: String?

        public init(caFile: String, certificateFile: String? = nil, keyFile: String? = nil) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    /// A message the broker publishes for us when we vanish (MQTT's Last Will).
    public struct Will: Sendable, Equatable {
        public var topic: String
        public var payload: [UInt8]
        public var qos: QoS
        public var retain: Bool

        public init(topic: String, payload: [UInt8], qos: QoS = .atLeastOnce, retain: Bool = true) {
            self.topic = topic
            self.payload = payload
            self.qos = qos
            self.retain = retain
        }
    }

    public var host: String
    public var port: Int
    /// Fixed for the life of a box: the broker's ACL and its session are keyed by it.
    public var clientID: String
    public var keepalive: Duration
    public var tls: TLS?
    public var username: String?
    public var password: String?
    public var will: Will?
    /// nil: a clean session (the boxes: what they must deliver is in their journal). A duration:
    /// the broker keeps our subscriptions and queues QoS 1 messages for us that long while we
    /// are away (the office's archive: nothing published while it was offline is missed).
    public var sessionExpiry: Duration?

    public init(host: String, port: Int, clientID: String, keepalive: Duration = .seconds(30), tls: TLS? = nil,
                username: String? = nil, password: String? = nil, will: Will? = nil) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.keepalive = keepalive
        self.tls = tls
        self.username = username
        self.password = password
        self.will = will
    }
}

public enum QoS: Int32, Sendable, Equatable {
    case atMostOnce = 0
    case atLeastOnce = 1
}
