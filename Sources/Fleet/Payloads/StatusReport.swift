/// The retained `scanbridge/<box>/status`, version 1. While the box is up it is republished on
/// every change and every minute (`at` is the head office's "last seen"); when the box goes, the
/// broker replaces it with the box's Will, `{"box":…,"online":false,"v":1}`.
public struct StatusReport: Codable, Sendable, Equatable {
    public struct LastResult: Codable, Sendable, Equatable {
        /// paid, declined, queued-offline, expired, cancelled, reversed, needs-attention, refused …
        public var outcome: String
        public var order: String
        public var amount: PaymentRecord.Amount?
        public var wallet: String?
        public var at: Int64
    }

    public var v = 1
    public var box: String
    public var online: Bool
    public var version: String?
    public var board: String?
    /// `connected at /dev/…`, `DOWN: …`, or `no port opened yet`.
    public var scanner: String?
    /// `reachable`, `UNREACHABLE (payments queued)` or `not used yet`.
    public var acquirer: String?
    /// Payments not final yet.
    public var queueDepth: Int?
    public var lastResult: LastResult?
    /// Outputs (LEDs, buzzer, speaker) that do not work, with why.
    public var outputsDown: [String]?
    /// Final payments and refunds the broker has not acknowledged yet, and since when.
    public var exportBacklog: Int?
    public var oldestUnexportedAt: Int64?
    /// When the box published this (Unix ms); absent in the Will.
    public var at: Int64?

    public static func offline(box: String) -> StatusReport {
        StatusReport(box: box, online: false)
    }

    public init(box: String, online: Bool) {
        self.box = box
        self.online = online
    }

    public var json: [UInt8] { FleetJSON.encode(self) }

    public static func parse(_ bytes: [UInt8]) -> StatusReport? { FleetJSON.decode(StatusReport.self, from: bytes) }
}
