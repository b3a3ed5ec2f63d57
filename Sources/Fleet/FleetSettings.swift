import MQTT
import Settlement

/// What the uplink is built from: the broker and how to present ourselves, and what the box
/// says about itself in its status. The composition root makes it from `fleet.*`.
public struct FleetSettings: Sendable {
    /// The MQTT client id and the topic name.
    public var boxID: String
    public var broker: MQTTSettings
    /// Said in the status.
    public var version: String
    public var board: String
    /// How often the status is published even when nothing changed (the head office's "last seen").
    public var statusInterval: Duration = .seconds(60)
    /// How often the journal is looked at for rows no event announced (refunds, a restart).
    public var exportPoll: Duration = .seconds(5)
    /// QoS 1 messages in flight at once: enough to fill the link after an outage, few enough that
    /// a drop costs little to send again.
    public var window = 32
    /// Where the business day of the report begins (`journal.report-day-start`).
    public var reportDay = ReportDay()

    /// `broker` with the client id, Will and keepalive made right for the box.
    public init(boxID: String, host: String, port: Int, keepalive: Duration = .seconds(30), tls: MQTTSettings.TLS? = nil,
                username: String? = nil, password: String? = nil, version: String, board: String) {
        self.boxID = boxID
        self.version = version
        self.board = board
        let topics = Topics(box: boxID)
        broker = MQTTSettings(host: host, port: port, clientID: boxID, keepalive: keepalive, tls: tls, username: username, password: password,
                              will: MQTTSettings.Will(topic: topics.status, payload: StatusReport.offline(box: boxID).json, qos: .atLeastOnce, retain: true))
    }
}

/// The box's topics: `scanbridge/<box>/…`. The broker's ACL lets a box write only under its own
/// name and read only its own `command` and `config/set` (packaging/mosquitto/).
public struct Topics: Sendable {
    public let box: String
    public init(box: String) { self.box = box }

    public var payments: String { "scanbridge/\(box)/payments" }
    public var status: String { "scanbridge/\(box)/status" }
    public var command: String { "scanbridge/\(box)/command" }
    public var commandResult: String { "scanbridge/\(box)/command/result" }
    public var configSet: String { "scanbridge/\(box)/config/set" }
    public var configResult: String { "scanbridge/\(box)/config/result" }
    public var report: String { "scanbridge/\(box)/report" }
}
