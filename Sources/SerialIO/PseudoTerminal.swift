import CTermios
import Glibc
import POSIX

/// The master side of a pseudo-terminal: a stand-in scanner for the demo and the tests. Bytes
/// written here arrive at `slavePath` exactly as a scanner's would; closing it is a hang-up.
public final class PseudoTerminal: Sendable {
    public let slavePath: String
    private let master: DescriptorIO

    public init() throws(SerialPortError) {
        var name = [CChar](repeating: 0, count: 128)
        let fd = ctermios_open_pty_master(&name, name.count)
        guard fd >= 0 else { throw .system(operation: "posix_openpt", path: "/dev/ptmx", errno: errno) }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Raw on the master too, so the line discipline passes bytes unaltered in both directions.
        let descriptor = FileDescriptor(rawValue: fd)
        if let current = try? descriptor.terminalAttributes(),
           case .success(let raw) = termios.raw(from: current, settings: SerialSettings()) {
            try? descriptor.setTerminalAttributes(raw)
        }
        self.master = DescriptorIO(path: path, fd: descriptor)
        self.slavePath = path
    }

    /// The master's descriptor, for a test that wants to read what the agent sends back.
    public var fileDescriptor: Int32 { master.fd.rawValue }

    public func write(_ bytes: some Collection<UInt8>) throws(SerialPortError) {
        try master.write(Array(bytes))
    }

    public func write(_ text: String) throws(SerialPortError) {
        try write(Array(text.utf8))
    }

    /// Hangs up the slave side, as a scanner being unplugged does.
    public func close() {
        guard master.markClosed() else { return }
        master.fd.close()
    }

    deinit { close() }
}
