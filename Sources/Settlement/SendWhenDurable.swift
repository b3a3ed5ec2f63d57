import PaymentModel
import Dispatch
import Glibc
import Synchronization

/// Where the journal's commit and the request's signature meet. They run at the same time on two
/// threads; whichever finishes second starts the pay, on its own thread, so a signed request
/// leaves the moment its attempt is durable and never before.
///
/// The signature (0.8 ms of RSA on this class of CPU) runs on a low-priority thread of its own.
/// An fsync wakes its thread half-way (data written, the disk's cache flush still to issue): on
/// a box with one core, or when the scheduler puts both on one core, that wake-up must not queue
/// behind the signature, or the commit pays for both one after the other.
final class SendWhenDurable: Sendable {
    private struct State {
        var durable = false
        var signed = false
        var prepared: PreparedPay?
        var inFlight: PayInFlight?
        var waiting: CheckedContinuation<Void, Never>?
    }

    /// Utility QoS is nice 2 on Linux. Nothing else in the agent runs at it, so the worker thread
    /// under this queue also carries SCHED_BATCH (set from the block): a batch thread never
    /// preempts the thread that woke it and yields to any normal thread that wakes.
    private static let signer = DispatchQueue(label: "scanbridge.signer", qos: .utility)

    private let state = Mutex(State())
    private let acquirer: any Acquirer

    /// Starts preparing `command` (checks, encoding, signature) on the signer's thread; nothing to
    /// sign when `command` is nil.
    init(preparing command: PayCommand?, for acquirer: any Acquirer) {
        self.acquirer = acquirer
        guard let command else {
            state.withLock { $0.signed = true }
            return
        }
        Self.signer.async { [self] in
            Self.yieldToOtherThreads()
            signed(acquirer.preparePay(command))
        }
    }

    private static func yieldToOtherThreads() {
        var parameters = sched_param(sched_priority: 0)
        _ = sched_setscheduler(0, schedBatch, &parameters)  // not fatal if refused: only slower
    }

    /// SCHED_BATCH from <sched.h>, which Glibc's module map leaves out.
    private static let schedBatch: Int32 = 3

    /// The attempt is on disk (the journal's thread, after its commit).
    func durable() {
        let ready = state.withLock { state -> PreparedPay? in
            state.durable = true
            return state.prepared
        }
        guard let ready else { return }
        let inFlight = acquirer.launch(ready)
        state.withLock { $0.inFlight = inFlight }
    }

    /// The signer's thread, done. Exactly one of `durable` and this starts the pay: the one that
    /// finds the other already done.
    private func signed(_ prepared: PreparedPay) {
        let durable = state.withLock { state -> Bool in
            state.prepared = prepared
            // Not yet durable: `durable()` will start it, before the capture returns.
            if !state.durable { state.signed = true }
            return state.durable
        }
        let inFlight = durable ? acquirer.launch(prepared) : nil
        let waiting = state.withLock { state in
            if durable {
                state.inFlight = inFlight
                state.signed = true
            }
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume()
    }

    /// Once the signature is done: what was prepared, and the pay that was started (nil if it
    /// never was: the attempt did not become durable, or nothing was signed). Ask once the capture
    /// has returned, so a durable attempt's pay has been started by then if it was signed.
    func prepared() async -> (prepared: PreparedPay?, inFlight: PayInFlight?) {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.signed { return true }
                state.waiting = done
                return false
            }
            if now { done.resume() }
        }
        return state.withLock { ($0.prepared, $0.inFlight) }
    }
}
