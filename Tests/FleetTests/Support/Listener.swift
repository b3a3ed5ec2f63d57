import MQTT
import Synchronization
import TestSupport

/// A client of the test broker that records what it hears: the head office's side of the wire.
final class Listener: Sendable {
    struct Received: Sendable, Equatable {
        let topic: String
        let payload: String
    }

    let link: MQTTLink
    private final class Store: Sendable {
        let state = Mutex<(messages: [Received], events: [MQTTLinkEvent])>(([], []))
    }

    private let store = Store()

    init(port: UInt16, id: String = "office-\(UInt32.random(in: 0...UInt32.max))", subscriptions: [String],
         tls: MQTTSettings.TLS? = nil, username: String? = nil, password: String? = nil) throws {
        let store = store
        link = try MQTTLink(settings: MQTTSettings(host: "127.0.0.1", port: Int(port), clientID: id, keepalive: .seconds(10), tls: tls,
                                                   username: username, password: password),
                            subscriptions: subscriptions) { event in
            store.state.withLock { state in
                if case .message(let topic, let payload) = event {
                    state.messages.append(Received(topic: topic, payload: String(decoding: payload, as: UTF8.self)))
                }
                state.events.append(event)
            }
        }
        try link.start()
    }

    var messages: [Received] { store.state.withLock { $0.messages } }
    var events: [MQTTLinkEvent] { store.state.withLock { $0.events } }

    func messages(on topic: String) -> [String] { messages.filter { $0.topic == topic }.map(\.payload) }

    /// Connected and (give or take a round trip) subscribed.
    func waitConnected() async -> Bool {
        guard await eventually(seconds: 10, { link.linkState == .connected }) else { return false }
        try? await Task.sleep(for: .milliseconds(100))  // the SUBACK; nothing to wait on in the API
        return true
    }

    func stop() async { await link.stop() }
}
