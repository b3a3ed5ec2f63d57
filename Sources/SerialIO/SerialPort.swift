/// An open serial port. Both backends hand out a non-blocking file descriptor, so one reader
/// loop polls either; neither backend's own blocking reads are used (libserialport's spin after
/// a hang-up).
public protocol SerialPort: AnyObject, Sendable {
    /// The resolved device path (symlinks followed).
    var path: String { get }
    /// Non-blocking descriptor for `poll`.
    var fileDescriptor: Int32 { get }
    /// Reads what is available. Returns 0 when nothing was read, which right after `poll`
    /// reported POLLIN means end of file: the device hung up. Throws `.hangUp` for EIO/ENXIO.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialPortError) -> Int
    /// Writes all of `bytes` (host trigger commands), waiting for the port to drain if it must.
    func write(_ bytes: [UInt8]) throws(SerialPortError)
    /// Releases the port. Safe to call more than once.
    func close()
}
