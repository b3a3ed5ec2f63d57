import Antom
import Synchronization
import Testing
@testable import Settlement

/// The meeting of the journal's commit and the signature: the pay starts once both happened,
/// exactly once, on the thread of whichever came second, and never without the commit.
@Suite("Send when durable")
struct SendWhenDurableTests {
    final class Starts: Sendable {
        let count = Mutex(0)
        func start() -> PayInFlight {
            count.withLock { $0 += 1 }
            return PayInFlight { .unknown(.inProcess(resultCode: "PAYMENT_IN_PROCESS")) }
        }
    }

    @Test func signedFirstStartsAtTheCommit() {
        let gate = SendWhenDurable(), starts = Starts()
        gate.signed { starts.start() }
        #expect(starts.count.withLock { $0 } == 0, "sent before the attempt was durable")
        #expect(gate.inFlight == nil)
        gate.durable()
        #expect(starts.count.withLock { $0 } == 1)
        #expect(gate.inFlight != nil)
    }

    @Test func durableFirstStartsAtTheSignature() {
        let gate = SendWhenDurable(), starts = Starts()
        gate.durable()
        #expect(gate.inFlight == nil)
        gate.signed { starts.start() }
        #expect(starts.count.withLock { $0 } == 1)
        #expect(gate.inFlight != nil)
    }

    @Test func neverDurableNeverSends() {
        let gate = SendWhenDurable(), starts = Starts()
        gate.signed { starts.start() }
        #expect(starts.count.withLock { $0 } == 0)
        #expect(gate.inFlight == nil)
    }

    @Test("racing from two threads, the pay starts exactly once", arguments: 0..<200)
    func raceStartsOnce(_ round: Int) async {
        let gate = SendWhenDurable(), starts = Starts()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { gate.durable() }
            group.addTask { gate.signed { starts.start() } }
        }
        #expect(starts.count.withLock { $0 } == 1, "round \(round)")
        #expect(gate.inFlight != nil)
    }
}
