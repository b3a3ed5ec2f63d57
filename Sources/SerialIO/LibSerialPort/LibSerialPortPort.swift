import CSerialPort
import Glibc
import POSIX

/// A hardware serial port (UART, USB CDC-ACM, FTDI/CP210x bridges) opened through libserialport,
/// which knows each transport's quirks. Reads go through the port's own descriptor with `poll`,
/// never `sp_blocking_read`, which busy-spins after a hang-up in 0.1.1.
public final class LibSerialPortPort: SerialPort {
    private let handle: LibSerialPortHandle
    private let io: DescriptorIO

    public var path: String { io.path }
    public var fileDescriptor: Int32 { io.fd.rawValue }

    /// Opens `path`. 0.1.1 rejects symlinks (udev's stable names), so the path is resolved first.
    public init(path: String, settings: SerialSettings) throws(SerialPortError) {
        try settings.validate()
        let resolved = try SerialPortError.resolving(path)
        let handle = try LibSerialPortHandle.open(resolved)
        do {
            try handle.apply(settings)
            let io = DescriptorIO(path: resolved, fd: FileDescriptor(rawValue: try handle.fileDescriptor()))
            try io.lockExclusive()
            self.io = io
            self.handle = handle
        } catch {
            handle.close()
            throw error
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialPortError) -> Int {
        try io.read(into: buffer)
    }

    public func write(_ bytes: [UInt8]) throws(SerialPortError) {
        try io.write(bytes)
    }

    public func close() {
        guard io.markClosed() else { return }
        handle.close()
    }

    deinit { close() }
}
