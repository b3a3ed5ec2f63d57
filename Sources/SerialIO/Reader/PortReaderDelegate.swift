/// Receives what a `PortReader` reads. Every call comes from the reader's own thread, one at a
/// time, so an implementation needs no locking of its own.
public protocol PortReaderDelegate: AnyObject, Sendable {
    /// The port is open and being read.
    func portDidOpen(path: String)
    /// The port went away (hang-up, I/O error); the reader is already trying to reopen it.
    func portDidClose(_ error: SerialPortError)
    /// Bytes as they came off the port: any split, any number of frames.
    func portDidReceive(_ bytes: UnsafeRawBufferPointer)
    /// When non-nil, `portWentQuiet` is called after this much silence (inter-byte timeout).
    var quietTimeout: Duration? { get }
    func portWentQuiet()
}
