import Logging
import Scanner
import ScanCode
import ScannerSimulator
import SerialIO
import Synchronization

/// A running `ScannerService` on a simulated scanner, with every event it emits recorded.
/// Waits are bounded (a safety net against hangs), never used as timing assertions.
final class ScannerHarness: Sendable {
    let service: ScannerService
    private let running: Task<Void, any Error>
    private let draining: Task<Void, Never>
    private let recorded = EventLog()

    init(location: PortConfiguration.Location, profile: ScannerProfile, logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) throws {
        service = try ScannerService(location: location, profile: profile, backend: .termios, logger: logger)
        let service = service
        let recorded = recorded
        running = Task { try await service.run() }
        draining = Task {
            for await event in service.events { recorded.append(event) }
        }
    }

    var events: [ScanEvent] { recorded.all }

    /// Events other than scanner connect/disconnect, as canonical lines (see Fixtures/README.md).
    var scanLines: [String] { events.compactMap(\.fixtureLine) }

    /// Waits until `condition` holds for the recorded events, or 20 s pass (a loaded CI machine
    /// can stall a test process for seconds; this is a safety net, not a timing check).
    @discardableResult
    func wait(until condition: ([ScanEvent]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if condition(events) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(events)
    }

    func waitForScans(_ count: Int) async -> Bool {
        await wait { $0.compactMap(\.fixtureLine).count >= count }
    }

    func waitForConnections(_ count: Int) async -> Bool {
        await wait { $0.filter(\.isConnected).count >= count }
    }

    func stop() async {
        running.cancel()
        _ = try? await running.value
        await draining.value
    }
}

final class EventLog: Sendable {
    private let events = Mutex<[ScanEvent]>([])
    func append(_ event: ScanEvent) { events.withLock { $0.append(event) } }
    var all: [ScanEvent] { events.withLock { $0 } }
}

extension ScanEvent {
    var isConnected: Bool {
        if case .scannerConnected = kind { return true }
        return false
    }

    var isDisconnected: Bool {
        if case .scannerDisconnected = kind { return true }
        return false
    }

    var fixtureLine: String? {
        switch kind {
        case .paymentCode(let code):
            "payment \(code.kind.fixtureName) \(code.masked) \(symbology?.description ?? "-")"
        case .duplicate(let code):
            "duplicate \(code.masked)"
        case .rejected(let reason, _):
            "rejected \(reason.fixtureName)"
        case .dropped(let reason):
            "dropped \(reason.fixtureName)"
        case .scannerConnected, .scannerDisconnected:
            nil
        }
    }
}

extension PaymentCode.Kind {
    var fixtureName: String {
        switch self {
        case .alipayPlus24: "alipayPlus24"
        case .alipayPlusLegacy: "alipayPlusLegacy"
        case .alipayCN: "alipayCN"
        }
    }
}

extension Rejection {
    var fixtureName: String {
        switch self {
        case .empty: "empty"
        case .productBarcode: "product-barcode"
        case .url: "url"
        case .merchantQR: "merchant-qr"
        case .walletNotAccepted: "wallet-not-accepted"
        case .wrongLength: "wrong-length"
        case .notAPaymentCode: "not-a-payment-code"
        }
    }
}

extension DroppedFrame {
    var fixtureName: String {
        switch self {
        case .oversize: "oversize"
        case .controlByte: "control-byte"
        case .nonASCII: "non-ascii"
        case .deviceReply: "device-reply"
        }
    }
}
