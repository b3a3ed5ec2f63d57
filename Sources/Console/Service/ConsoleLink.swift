import SerialIO

/// What the console port's reader thread reports, in order.
enum ConsoleEvent: Sendable {
    case connected(path: String)
    case disconnected(SerialPortError)
    case bytes([UInt8])
    /// A second of silence: time to check the idle logout.
    case tick
}

/// The `PortReader` delegate for the console port: forwards everything to the service's loop,
/// except a Ctrl-C that interrupts a running command, which it acts on at once.
final class ConsoleLink: PortReaderDelegate {
    private let continuation: AsyncStream<ConsoleEvent>.Continuation
    private let interrupts: InterruptSwitch
    let quietTimeout: Duration? = .seconds(1)

    init(continuation: AsyncStream<ConsoleEvent>.Continuation, interrupts: InterruptSwitch) {
        self.continuation = continuation
        self.interrupts = interrupts
    }

    func portDidOpen(path: String) {
        continuation.yield(.connected(path: path))
    }

    func portDidClose(_ error: SerialPortError) {
        continuation.yield(.disconnected(error))
    }

    func portDidReceive(_ bytes: UnsafeRawBufferPointer) {
        var bytes = Array(bytes)
        if bytes.contains(0x03), interrupts.interrupt() {
            bytes.removeAll { $0 == 0x03 }
        }
        if !bytes.isEmpty { continuation.yield(.bytes(bytes)) }
    }

    func portWentQuiet() {
        continuation.yield(.tick)
    }
}
