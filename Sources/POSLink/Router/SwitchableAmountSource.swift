import PaymentModel
import Logging
import ServiceLifecycle
import Settlement
import Synchronization

/// The one amount source the agent talks to: forwards to whichever source is active, and can
/// switch to another while running (a configuration change). The previous source is stopped
/// (its port or listener released) before the next one starts, so a serial port can move from
/// one kind of source to another.
///
/// Its `arming` follows the active source, so the indicators need not know about switches.
/// Events reach only the active source; a source switched away from mid-payment catches up from
/// the journal when it runs again (the ECR source reconciles its POS orders at start).
public final class SwitchableAmountSource: AmountSource, Sendable {
    public let arming = ArmingSignal()
    private let logger: Logger
    private let state: Mutex<State>
    private let (switches, switchContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

    private struct State {
        var current: any AmountSource
        var forwarding: ArmingSignal.Subscription?
    }

    public init(initial: any AmountSource, logger: Logger) {
        self.logger = logger
        state = Mutex(State(current: initial, forwarding: nil))
        follow(initial)
    }

    /// The active source's kind.
    public var kind: AmountSourceKind { current.kind }

    /// The active source (e.g. for the console's `charge`, when it is the console source).
    public var current: any AmountSource { state.withLock { $0.current } }

    /// Makes `source` the active one. The old one is stopped, and the new one started, by `run()`.
    public func activate(_ source: any AmountSource) {
        let previous = state.withLock { state in
            defer { state.current = source }
            return state.current
        }
        guard previous !== source else { return }
        logger.notice("amount source switched", metadata: ["from": "\(previous.kind)", "to": "\(source.kind)"])
        follow(source)
        switchContinuation.yield()
    }

    public func orderForScan() async -> OrderForScan {
        await current.orderForScan()
    }

    public func deliver(_ event: PaymentEvent) async {
        await current.deliver(event)
    }

    public func statusText() async -> String {
        await current.statusText()
    }

    /// Runs the active source until it is switched away from, then the next, until shutdown.
    public func run() async throws {
        while !Task.isCancelled {
            let source = current
            let wasSwitched = await withTaskGroup(of: Bool.self) { group in
                group.addTask { [logger] in
                    do {
                        try await source.run()
                    } catch {
                        logger.error("amount source stopped", metadata: ["source": "\(source.kind)", "error": "\(error)"])
                    }
                    return false
                }
                group.addTask { [self] in await switched(from: source) }
                let first = await group.next() ?? false
                group.cancelAll()
                await group.waitForAll()
                return first
            }
            if wasSwitched { continue }
            // The source stopped by itself: shutdown, or a failure it logged. Only a switch helps.
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            let next = await withTaskCancellationOrGracefulShutdownHandler {
                await switched(from: source)
            } onCancelOrGracefulShutdown: { [switchContinuation] in
                switchContinuation.finish()
            }
            guard next else { return }
        }
    }

    /// Returns true once another source is active; false when cancelled first.
    private func switched(from source: any AmountSource) async -> Bool {
        if current !== source { return true }
        for await _ in switches where current !== source { return true }
        return false
    }

    private func follow(_ source: any AmountSource) {
        let subscription = source.arming.observe { [weak self] arming in self?.forward(arming, from: source) }
        let old = state.withLock { state in
            defer { state.forwarding = subscription }
            return state.forwarding
        }
        old?.cancel()
    }

    private func forward(_ arming: Arming, from source: any AmountSource) {
        guard current === source else { return }
        self.arming.set(arming)
    }
}
