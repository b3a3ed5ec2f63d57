import MQTT
import Synchronization

/// One connection of the tool to the broker: what arrived, by topic, in order.
final class OfficeClient: Sendable {
    struct Message: Sendable {
        let topic: String
        let payload: [UInt8]
    }

    private final class Store: Sendable {
        let state = Mutex<(messages: [Message], acknowledged: Set<Int32>, fault: MQTTError?)>(([], [], nil))
    }

    let link: MQTTLink
    private let store = Store()

    init(settings: MQTTSettings, subscriptions: [String]) throws {
        let store = store
        link = try MQTTLink(settings: settings, subscriptions: subscriptions) { event in
            store.state.withLock { state in
                switch event {
                case .message(let topic, let payload): state.messages.append(Message(topic: topic, payload: payload))
                case .acknowledged(let id, _): state.acknowledged.insert(id)
                case .disconnected(let error): state.fault = error
                case .connected: state.fault = nil
                }
            }
        }
        try link.start()
    }

    var messages: [Message] { store.state.withLock { $0.messages } }
    var fault: MQTTError? { store.state.withLock { $0.fault } }

    /// Connected and subscribed, or throws with the reason after `timeout`.
    func connected(timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while link.linkState != .connected {
            guard ContinuousClock.now < deadline else { throw ToolError("cannot reach the broker: \(fault.map { "\($0)" } ?? "no answer")") }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(100))  // the SUBACK
    }

    /// Waits until `done` holds or `timeout` passes; true when it held.
    func wait(timeout: Duration, until done: ([Message]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if done(messages) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return done(messages)
    }

    /// Publishes at QoS 1 and waits for the broker's PUBACK.
    func publish(topic: String, payload: [UInt8], timeout: Duration = .seconds(10)) async throws {
        let id = try link.publish(topic: topic, payload: payload)
        let deadline = ContinuousClock.now + timeout
        while !store.state.withLock({ $0.acknowledged.contains(id) }) {
            guard ContinuousClock.now < deadline else { throw ToolError("the broker did not acknowledge the message to \(topic)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func stop() async { await link.stop() }
}

struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
