import SerialIO

/// What the console port's reader thread reports, in order.
enum ConsoleEvent: Sendable {
    /// `connection` is the reader's number for it; the session writes only to that one.
    case connected(path: String, connection: Int)
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
    private let reader: PortReader
    let quietTimeout: Duration? = .seconds(1)

    init(continuation: AsyncStream<ConsoleEvent>.Continuation, interrupts: InterruptSwitch, reader: PortReader) {
        self.continuation = continuation
        self.interrupts = interrupts
        self.reader = reader
    }

    func portDidOpen(path: String) {
        continuation.yield(.connected(path: path, connection: reader.connection))
    }

    /// A command waiting for something (`test scan`) is stopped at once, as by Ctrl-C: the
    /// service's loop is busy with it, and the next cable's prompt must not wait until it ends.
    func portDidClose(_ error: SerialPortError) {
        _ = interrupts.interrupt()
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
