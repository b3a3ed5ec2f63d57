import Antom
import Glibc
import Synchronization
import POSIX

/// A fault-injecting HTTP/1.1 proxy on loopback, between the box's acquirer client and the
/// acquirer (`antom-sim`). It forwards each request and its answer, and on the way applies the
/// `Fault` its `plan` picks for that request: resets before or after the acquirer processed it,
/// delays, dripping, truncation, gateway errors, malformed or forged answers. A refused
/// connection is a link state instead (`link = .refusing`).
///
/// ```swift
/// let proxy = try FaultProxy(upstreamPort: simulatorPort)
/// proxy.start()
/// proxy.plan = .first(.pay, .resetAfterProcessed)   // client base URL: http://127.0.0.1:\(proxy.port)
/// …
/// for record in proxy.log { print(record) }
/// proxy.stop()
/// ```
///
/// Keep-alive works as libcurl expects: one thread per client connection, many requests on each,
/// each forwarded on that connection's own upstream connection. Everything is thread-safe;
/// `plan`, `link` and `log` may be used from any thread or task while it runs.
public final class FaultProxy: Sendable {
    /// The loopback port clients connect to: `http://127.0.0.1:<port>`.
    public let port: UInt16
    public let upstreamHost: String
    public let upstreamPort: UInt16
    let state: Mutex<State>

    public enum Link: Sendable, Equatable {
        /// Accepting and relaying.
        case up
        /// Every open connection is closed and connects are refused (the port stays held, so
        /// nothing else can take it); as a dead router or an acquirer that is down.
        case refusing
    }

    struct State: ~Copyable {
        var plan = FaultPlan.passAll
        var counts: [Endpoint: Int] = [:]
        var records: [FaultRecord] = []
        /// The last authentic answer per endpoint, for `replayEarlierAnswer`.
        var lastAnswers: [Endpoint: HTTPMessage] = [:]
        var sequence = 0
        var link = Link.up
        var appliedLink = Link.up
        var started = false
        var stopping = false
        var acceptorRunning = false
        var nextConnection = 0
        /// Open connections: client and upstream descriptors, shut down on a cut or stop.
        var sockets: [Int: [Int32]] = [:]
        var listener: Int32

        /// Wakes every connection thread with an error or end of file; each closes its own.
        func shutDownAll() {
            for fd in sockets.values.joined() { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Binds 127.0.0.1 on `port` (0: an ephemeral one, read it from `port`); relays to
    /// `upstreamHost:upstreamPort` once `start()` is called.
    public init(upstreamHost: String = "127.0.0.1", upstreamPort: UInt16, port: UInt16 = 0) throws(FaultProxyError) {
        let listener: Int32
        do throws(SocketError) {
            listener = try TCP.listen(port: port).rawValue
        } catch {
            throw FaultProxyError(error)
        }
        self.port = TCP.boundPort(FileDescriptor(rawValue: listener)) ?? 0
        self.upstreamHost = upstreamHost
        self.upstreamPort = upstreamPort
        self.state = Mutex(State(listener: listener))
    }

    deinit {
        stop()
    }

    /// Starts accepting on a thread of its own. Calling it again does nothing.
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true; state.acceptorRunning = true }
            return !state.started && !state.stopping
        }
        guard first else { return }
        DedicatedThread.detached(name: "proxy-accept") { [self] in acceptLoop() }
    }

    /// Closes every connection and the port, and returns once nothing accepts any more.
    /// Requests in flight end as their connection is shut down.
    public func stop() {
        state.withLock { state in
            state.stopping = true
            if !state.started, state.listener >= 0 {
                close(state.listener)
                state.listener = -1
            }
            state.shutDownAll()
        }
        while state.withLock({ $0.acceptorRunning && $0.started }) { usleep(2_000) }
    }

    /// The fault plan. Setting it restarts the per-endpoint counts, so `.nth(1)` means the next
    /// request to that endpoint.
    public var plan: FaultPlan {
        get { state.withLock { $0.plan } }
        set { state.withLock { $0.plan = newValue; $0.counts = [:] } }
    }

    /// Setting it returns once the change is in force: after `.refusing`, no connection is open
    /// and connects are refused; after `.up`, the port accepts again. The setter blocks its
    /// thread meanwhile (milliseconds; a connection inside a `.delay` or `.drip` finishes that
    /// first), so from a task on a 2-core box prefer setting it between requests.
    public var link: Link {
        get { state.withLock { $0.link } }
        set {
            state.withLock { $0.link = newValue }
            while state.withLock({ $0.started && $0.acceptorRunning && $0.appliedLink != newValue }) { usleep(1_000) }
        }
    }

    /// Every request seen, in arrival order.
    public var log: [FaultRecord] {
        state.withLock { $0.records }.sorted { $0.sequence < $1.sequence }
    }

    public func clearLog() {
        state.withLock { $0.records = [] }
    }

    /// Counts the request against the plan and returns its sequence number and fault.
    func admit(_ endpoint: Endpoint?) -> (sequence: Int, fault: Fault) {
        state.withLock { state in
            state.sequence += 1
            guard let endpoint else { return (state.sequence, .pass) }
            state.counts[endpoint, default: 0] += 1
            return (state.sequence, state.plan.fault(for: endpoint, count: state.counts[endpoint]!))
        }
    }

    /// Swaps in the previous authentic answer to `endpoint` (nil when there is none) and keeps
    /// `answer` as the next one to replay.
    func exchangeLastAnswer(_ endpoint: Endpoint, with answer: HTTPMessage) -> HTTPMessage? {
        state.withLock { state in
            let previous = state.lastAnswers[endpoint]
            state.lastAnswers[endpoint] = answer
            return previous
        }
    }

    func append(_ record: FaultRecord) {
        state.withLock { $0.records.append(record) }
    }
}
