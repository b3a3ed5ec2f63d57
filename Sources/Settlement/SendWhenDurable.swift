import Antom
import Synchronization

/// Where the journal's commit and the request's signature meet. They run at the same time on two
/// threads; whichever finishes second starts the pay, on its own thread, so a signed request
/// leaves the moment its attempt is durable and never before.
final class SendWhenDurable: Sendable {
    private struct State {
        var durable = false
        var start: (@Sendable () -> PayInFlight)?
        var inFlight: PayInFlight?
    }

    private let state = Mutex(State())

    /// The attempt is on disk (the journal's thread, after its commit).
    func durable() {
        let start = state.withLock { state -> (@Sendable () -> PayInFlight)? in
            state.durable = true
            defer { state.start = nil }
            return state.start
        }
        guard let start else { return }
        let inFlight = start()
        state.withLock { $0.inFlight = inFlight }
    }

    /// The request is signed; `start` sends it.
    func signed(_ start: @escaping @Sendable () -> PayInFlight) {
        let now = state.withLock { state -> Bool in
            if state.durable { return true }
            state.start = start
            return false
        }
        guard now else { return }
        let inFlight = start()
        state.withLock { $0.inFlight = inFlight }
    }

    /// The pay that was started; nil if it never was (the attempt did not become durable, or
    /// nothing was signed). Ask once the capture has returned.
    var inFlight: PayInFlight? {
        state.withLock { $0.inFlight }
    }
}
