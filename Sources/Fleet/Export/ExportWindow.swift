import Journal

/// The rows on their way to the broker, by MQTT message id, on the current connection. A drop
/// forgets them all: they are still unexported in the journal and go again after the reconnect
/// (libmosquitto's own resend is not relied on, paho.mqtt.c#1210 being what it is).
struct ExportWindow {
    private(set) var inFlight: [Int32: ExportItem] = [:]
    /// Rows the broker refused on this connection (PUBACK 0x80 and up, e.g. an ACL): not sent
    /// again until the next connection, so a refusal cannot become a tight loop.
    private(set) var refused: Set<ExportKey> = []

    /// What `Journal.unexported` must leave out.
    var excluded: Set<ExportKey> { Set(inFlight.values.map(\.key)).union(refused) }

    var isEmpty: Bool { inFlight.isEmpty }
    var count: Int { inFlight.count }

    mutating func sent(_ item: ExportItem, messageID: Int32) {
        inFlight[messageID] = item
    }

    /// The row a PUBACK is for; nil for a message that was not an export (the status).
    mutating func acknowledged(_ messageID: Int32) -> ExportItem? {
        inFlight.removeValue(forKey: messageID)
    }

    mutating func refuse(_ item: ExportItem) {
        refused.insert(item.key)
    }

    mutating func reset() {
        inFlight = [:]
        refused = []
    }
}
