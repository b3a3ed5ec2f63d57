import SerialIO

/// The tap port's delegate: runs the display parser on the reader thread and passes on what it
/// found. Every call comes from that one thread, so nothing here locks.
final class DisplayTapReader: PortReaderDelegate, @unchecked Sendable {
    private var parser = CustomerDisplayParser()
    private let emit: @Sendable (DisplayTapInput) -> Void

    init(emit: @escaping @Sendable (DisplayTapInput) -> Void) {
        self.emit = emit
    }

    let quietTimeout: Duration? = nil

    func portDidOpen(path: String) {
        emit(.connected(path))
    }

    func portDidClose(_ error: SerialPortError) {
        // Half a command from before the hang-up must not be read as the start of the next one.
        parser.reset()
        emit(.disconnected("\(error)"))
    }

    func portDidReceive(_ bytes: UnsafeRawBufferPointer) {
        parser.feed(bytes) { emit(.display($0)) }
    }

    func portWentQuiet() {}
}

enum DisplayTapInput: Sendable {
    case connected(String)
    case disconnected(String)
    case display(CustomerDisplayParser.Event)
}
