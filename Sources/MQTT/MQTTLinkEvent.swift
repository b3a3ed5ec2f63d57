/// What the link tells its owner, from the link's thread. Each is handed over at once; the
/// owner must not block in its handler (it queues the event for a task of its own).
public enum MQTTLinkEvent: Sendable, Equatable {
    /// The broker accepted the connection (CONNACK success) and the subscriptions were sent.
    case connected
    /// The connection failed or ended; the link tries again after its backoff.
    case disconnected(MQTTError)
    /// The broker acknowledged a QoS 1 publish (PUBACK). A reason code of 0x80 or more is a
    /// refusal (e.g. 0x87, not authorized by the ACL): the message was not accepted.
    case acknowledged(messageID: Int32, reasonCode: Int32)
    /// A message on one of the subscribed topics.
    case message(topic: String, payload: [UInt8])
}

/// Where the link stands, for `status` and the metrics.
public enum MQTTLinkState: Sendable, Equatable {
    case connecting
    case connected
    /// Not connected, and why the last try failed.
    case down(MQTTError)
    case stopped
}
