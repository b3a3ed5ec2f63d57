import POSIX
import Glibc
import Synchronization

/// A connection to one broker that keeps itself up: a thread of its own (`DedicatedThread`)
/// connects, runs `mosquitto_loop` and reconnects with backoff. libmosquitto's `loop_start`
/// is not used: its `loop_stop` hangs while the broker is unreachable (mosquitto#2328), and the
/// agent must always be able to stop.
///
/// `publish` may be called from any task or thread. Nothing is kept across a reconnect: a QoS 1
/// message not yet acknowledged when the connection drops is the owner's to send again (the
/// journal is the outbox, never the library's memory).
public final class MQTTLink: Sendable {
    public let settings: MQTTSettings
    private let subscriptions: [String]
    private let handle: MosquittoHandle
    private let state = Mutex(MQTTLinkState.connecting)
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let onEvent: @Sendable (MQTTLinkEvent) -> Void
    /// Wakes the link's thread from its poll: a message was queued, or `stop` was called.
    private let wake: (read: FileDescriptor, write: FileDescriptor)

    /// `subscriptions` are subscribed (QoS 1) after every accepted connection.
    public init(settings: MQTTSettings, subscriptions: [String] = [],
                onEvent: @escaping @Sendable (MQTTLinkEvent) -> Void) throws(MQTTError) {
        self.settings = settings
        self.subscriptions = subscriptions
        self.onEvent = onEvent
        do throws(Errno) {
            wake = try FileDescriptor.pipe()
        } catch {
            throw .system(errno: error.rawValue)
        }
        let connectedBox = Box()
        handle = try MosquittoHandle(settings: settings, callbacks: .init(
            connected: { reasonCode in connectedBox.link?.acknowledgedConnect(reasonCode) },
            disconnected: { _ in },
            published: { messageID, reasonCode in onEvent(.acknowledged(messageID: messageID, reasonCode: reasonCode)) },
            message: { topic, payload in onEvent(.message(topic: topic, payload: payload)) }))
        connectedBox.link = self
    }

    /// The wake pipe goes with the last reference: a publisher racing `stop` may still signal it,
    /// and a closed descriptor's number could by then be someone else's file.
    deinit {
        wake.read.close()
        wake.write.close()
    }

    /// The libmosquitto this process loaded.
    public static var libraryVersion: String { MosquittoHandle.libraryVersion }

    public var linkState: MQTTLinkState { state.withLock { $0 } }

    /// Starts the link's thread.
    public func start() throws(Errno) {
        try DedicatedThread.start(name: "mqtt-link") { [self] in run() }.detach()
    }

    /// Ends the link: a clean DISCONNECT that asks the broker to publish our Will (so a stopped
    /// box reads `offline` exactly as a vanished one does), then the thread ends. Returns once
    /// it has, or after `timeout` (a TCP connect to a black-holed host cannot be interrupted;
    /// the thread then ends on its own when it returns).
    public func stop(timeout: Duration = .seconds(2)) async {
        stopping.store(true, ordering: .releasing)
        wake.write.signal()
        let deadline = ContinuousClock.now + timeout
        while !finished.load(ordering: .acquiring), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Queues a message; its id comes back in `.acknowledged` (QoS 1). Throws `notConnected`
    /// while the link is down.
    public func publish(topic: String, payload: [UInt8], qos: QoS = .atLeastOnce, retain: Bool = false) throws(MQTTError) -> Int32 {
        guard linkState == .connected else { throw .notConnected }
        let messageID = try handle.publish(topic: topic, payload: payload, qos: qos, retain: retain)
        wake.write.signal()
        return messageID
    }

    // MARK: The link's thread

    private func run() {
        var backoff = Backoff()
        var open = false
        while !stopping.load(ordering: .acquiring) {
            if !open {
                state.withLock { if case .down = $0 {} else { $0 = .connecting } }
                do throws(MQTTError) {
                    try handle.connect(host: settings.host, port: settings.port, keepalive: settings.keepalive)
                    open = true
                } catch {
                    lost(Self.beforeAccepted(error, accepted: false, tls: settings.tls != nil), backoff: &backoff)
                    continue
                }
            }
            do throws(MQTTError) {
                try handle.loop(timeout: .milliseconds(100), wake: wake.read)
                if linkState == .connected { backoff.reset() }
            } catch {
                open = false
                let accepted = linkState == .connected
                lost(refusal() ?? Self.beforeAccepted(error, accepted: accepted, tls: settings.tls != nil), backoff: &backoff)
            }
        }
        if open {
            handle.disconnectWithWill()
            // Let the DISCONNECT leave before the socket closes.
            for _ in 0..<5 { if (try? handle.loop(timeout: .milliseconds(20), wake: wake.read)) == nil { break } }
        }
        state.withLock { $0 = .stopped }
        finished.store(true, ordering: .releasing)
    }

    /// CONNACK: subscribe and tell the owner, or keep the broker's refusal for the next `lost`.
    private func acknowledgedConnect(_ reasonCode: Int32) {
        guard reasonCode == 0 else {
            lastRefusal.withLock { $0 = reasonCode }
            return
        }
        for pattern in subscriptions { try? handle.subscribe(pattern, qos: .atLeastOnce) }
        state.withLock { $0 = .connected }
        onEvent(.connected)
    }

    private let lastRefusal = Mutex<Int32?>(nil)

    private func refusal() -> MQTTError? {
        lastRefusal.withLock { code in
            defer { code = nil }
            return code.map { .refused(reasonCode: $0) }
        }
    }

    /// What a failure before the CONNACK means. A close is the broker refusing us (over TLS: a
    /// client certificate it does not trust). Over TLS, EPROTO is the handshake failing: with
    /// Debian 13's OpenSSL 3.5 under Debian 12's libmosquitto 2.0.11 a CA that did not sign the
    /// broker came back as `MOSQ_ERR_ERRNO`/EPROTO, not `MOSQ_ERR_TLS` (seen in the libcurl 8 run).
    static func beforeAccepted(_ error: MQTTError, accepted: Bool, tls: Bool) -> MQTTError {
        guard !accepted else { return error }
        if error == .connectionLost { return .closedBeforeAccepted }
        if tls, error == .system(errno: EPROTO) { return .tls }
        return error
    }

    private func lost(_ error: MQTTError, backoff: inout Backoff) {
        state.withLock { $0 = .down(error) }
        onEvent(.disconnected(error))
        let wake = ContinuousClock.now + backoff.delay()
        while !stopping.load(ordering: .acquiring), ContinuousClock.now < wake {
            DedicatedThread.sleep(.milliseconds(20))
        }
    }

    /// Lets the callbacks, made before `self` exists, reach it.
    private final class Box: @unchecked Sendable {  // written once, before the thread starts
        weak var link: MQTTLink?
    }
}
