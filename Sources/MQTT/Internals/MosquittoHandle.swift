import CMosquitto
import Glibc
import POSIX

/// One `struct mosquitto *` and every libmosquitto call the agent makes, each in one place. The
/// handle is driven by `MQTTLink`'s thread (connect, loop, disconnect); `publish` and `subscribe`
/// may come from any thread because the handle is put in threaded mode, which makes libmosquitto
/// take its own locks and wake the loop's `select` when a packet is queued.
final class MosquittoHandle: @unchecked Sendable {  // libmosquitto locks internally (threaded mode)
    /// What the loop thread hears from libmosquitto's callbacks, which run inside `loop`.
    struct Callbacks {
        var connected: (_ reasonCode: Int32) -> Void
        var disconnected: (_ reasonCode: Int32) -> Void
        var published: (_ messageID: Int32, _ reasonCode: Int32) -> Void
        var message: (_ topic: String, _ payload: [UInt8]) -> Void
    }

    private final class Context {
        let callbacks: Callbacks
        init(_ callbacks: Callbacks) { self.callbacks = callbacks }
    }

    private let handle: OpaquePointer
    private let context: Unmanaged<Context>
    private let sessionExpirySeconds: UInt32?
    private let tls: MQTTSettings.TLS?

    /// `mosquitto_lib_init` is reference-counted by libmosquitto itself (OpenSSL's init once).
    private static let initialised: Bool = { mosquitto_lib_init() == MOSQ_ERR_SUCCESS.rawValue }()

    init(settings: MQTTSettings, callbacks: Callbacks) throws(MQTTError) {
        guard Self.initialised else { throw .noMemory }
        let context = Unmanaged.passRetained(Context(callbacks))
        // A box asks for a clean session: what it must deliver is in its journal, not in a broker
        // session, and a command that arrived while it was away is stale by the time it is back.
        guard let handle = mosquitto_new(settings.clientID, settings.sessionExpiry == nil, context.toOpaque()) else {
            context.release()
            throw .noMemory
        }
        self.handle = handle
        self.context = context
        sessionExpirySeconds = settings.sessionExpiry.map { UInt32(clamping: $0.components.seconds) }
        try check(mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5))
        try check(mosquitto_threaded_set(handle, true))
        tls = settings.tls
        if settings.username != nil || settings.password != nil {
            try check(mosquitto_username_pw_set(handle, settings.username, settings.password))
        }
        if let will = settings.will {
            try check(will.payload.withUnsafeBytes { bytes in
                mosquitto_will_set_v5(handle, will.topic, Int32(bytes.count), bytes.baseAddress, will.qos.rawValue, will.retain, nil)
            })
        }
        mosquitto_connect_v5_callback_set(handle) { _, context, reasonCode, _, _ in
            MosquittoHandle.callbacks(context)?.connected(reasonCode)
        }
        mosquitto_disconnect_v5_callback_set(handle) { _, context, reasonCode, _ in
            MosquittoHandle.callbacks(context)?.disconnected(reasonCode)
        }
        mosquitto_publish_v5_callback_set(handle) { _, context, messageID, reasonCode, _ in
            MosquittoHandle.callbacks(context)?.published(messageID, reasonCode)
        }
        mosquitto_message_v5_callback_set(handle) { _, context, message, _ in
            guard let message = message?.pointee, let topic = message.topic else { return }
            let payload = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(message.payloadlen))) } ?? []
            MosquittoHandle.callbacks(context)?.message(String(cString: topic), payload)
        }
    }

    deinit {
        mosquitto_destroy(handle)
        context.release()
    }

    private static func callbacks(_ context: UnsafeMutableRawPointer?) -> Callbacks? {
        context.map { Unmanaged<Context>.fromOpaque($0).takeUnretainedValue().callbacks }
    }

    /// Opens the TCP (and TLS) connection and sends CONNECT; the broker's answer comes through
    /// `connected` from a later `loop`. Blocks for the TCP connect.
    func connect(host: String, port: Int, keepalive: Duration) throws(MQTTError) {
        try prepareTLS()
        var properties: OpaquePointer? = nil
        defer { mosquitto_property_free_all(&properties) }
        // MQTT 5 ends a session at disconnect unless CONNECT says how long to keep it.
        if let seconds = sessionExpirySeconds {
            try check(mosquitto_property_add_int32(&properties, Int32(MQTT_PROP_SESSION_EXPIRY_INTERVAL.rawValue), seconds))
        }
        try check(mosquitto_connect_bind_v5(handle, host, Int32(port), Int32(max(5, keepalive.components.seconds)), nil, properties))
    }

    /// The TLS files, checked readable (libmosquitto would say only "invalid argument"), then
    /// handed over: peer verification on, TLS 1.2 and up.
    private func prepareTLS() throws(MQTTError) {
        guard let tls else { return }
        for path in [tls.caFile, tls.certificateFile, tls.keyFile].compactMap({ $0 }) {
            do throws(WholeFile.Failure) {
                _ = try WholeFile.read(path, limit: 4 << 20)
            } catch {
                throw .unreadableFile(path: path, reason: error.description)
            }
        }
        try check(mosquitto_tls_set(handle, tls.caFile, nil, tls.certificateFile, tls.keyFile, nil))
        // SSL_VERIFY_PEER (1), TLS 1.2 and up.
        try check(mosquitto_tls_opts_set(handle, 1, "tlsv1.2", nil))
    }

    /// One round of network work: waits up to `timeout` for the socket (or a byte on `wake`,
    /// which `MQTTLink.publish` writes so a queued message leaves at once), reads and writes what
    /// is due, sends the keepalive's PINGREQ, runs the callbacks. Throws when the connection is
    /// gone. Our own poll(2), not `mosquitto_loop`: that one uses select(2), which refuses a
    /// socket numbered 1024 or more (FD_SETSIZE) with "invalid argument".
    func loop(timeout: Duration, wake: FileDescriptor) throws(MQTTError) {
        let socket = mosquitto_socket(handle)
        guard socket >= 0 else { throw .notConnected }
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let writing: Int16 = mosquitto_want_write(handle) ? Int16(POLLOUT) : 0
        var fds = [pollfd(fd: socket, events: Int16(POLLIN) | writing, revents: 0), pollfd(fd: wake.rawValue, events: Int16(POLLIN), revents: 0)]
        do throws(Errno) {
            _ = try FileDescriptor.poll(&fds, timeoutMilliseconds: milliseconds)
        } catch {
            throw .system(errno: error.rawValue)
        }
        if fds[1].revents != 0 { Self.drain(wake) }
        if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { try check(mosquitto_loop_read(handle, 1)) }
        if mosquitto_want_write(handle) { try check(mosquitto_loop_write(handle, 1)) }
        try check(mosquitto_loop_misc(handle))
    }

    private static func drain(_ wake: FileDescriptor) {
        var bytes = [UInt8](repeating: 0, count: 64)
        while (try? bytes.withUnsafeMutableBytes({ try wake.read(into: $0) })).map({ $0 > 0 }) == true {}
    }

    /// Queues a PUBLISH; returns its message id, which `published` names when the broker acknowledges it.
    func publish(topic: String, payload: [UInt8], qos: QoS, retain: Bool) throws(MQTTError) -> Int32 {
        var messageID: Int32 = 0
        try check(payload.withUnsafeBytes { bytes in
            mosquitto_publish_v5(handle, &messageID, topic, Int32(bytes.count), bytes.baseAddress, qos.rawValue, retain, nil)
        })
        return messageID
    }

    func subscribe(_ pattern: String, qos: QoS) throws(MQTTError) {
        try check(mosquitto_subscribe_v5(handle, nil, pattern, qos.rawValue, 0, nil))
    }

    /// Disconnects with reason 0x04, "disconnect with Will message": the broker publishes our
    /// Will (the retained `offline`) on a clean stop exactly as it does when we vanish, so the
    /// fleet sees one path to offline.
    func disconnectWithWill() {
        _ = mosquitto_disconnect_v5(handle, Int32(MQTT_RC_DISCONNECT_WITH_WILL_MSG.rawValue), nil)
    }

    static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = mosquitto_lib_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}

private func check(_ code: Int32) throws(MQTTError) {
    if let error = MQTTReason.error(code) { throw error }
}
