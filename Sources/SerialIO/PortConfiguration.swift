import POSIX

/// Which port to open and how. The location is re-resolved on every (re)open, so a udev symlink
/// that now points at a different tty after a replug is followed.
public struct PortConfiguration: Hashable, Sendable {
    public var location: Location
    public var settings: SerialSettings
    public var backend: Backend

    public init(location: Location, settings: SerialSettings = SerialSettings(), backend: Backend = .automatic) {
        self.location = location
        self.settings = settings
        self.backend = backend
    }

    public enum Location: Hashable, Sendable, CustomStringConvertible {
        /// A device path or udev symlink, e.g. `/dev/scanbridge/scanner0`.
        case path(String)
        /// The first USB serial port with this vendor and product id.
        case usb(vendorID: UInt16, productID: UInt16)

        public var description: String {
            switch self {
            case .path(let path): path
            case .usb(let vid, let pid): "usb \(hex4(vid)):\(hex4(pid))"
            }
        }
    }

    public enum Backend: String, Hashable, Sendable, CaseIterable {
        /// libserialport for real hardware, termios where libserialport cannot open the device.
        case automatic
        case libserialport
        case termios
    }

    /// Opens the port with the configured (or automatically chosen) backend.
    public func open() throws(SerialPortError) -> any SerialPort {
        try settings.validate()
        let path: String
        switch location {
        case .path(let configured): path = configured
        case .usb(let vid, let pid): path = try USBPortFinder.path(vendorID: vid, productID: pid)
        }
        switch backend == .automatic ? Self.backend(for: path) : backend {
        case .libserialport: return try LibSerialPortPort(path: path, settings: settings)
        case .termios, .automatic: return try TermiosPort(path: path, settings: settings)
        }
    }

    /// libserialport 0.1.1 can only name ports that have a `/sys/class/tty` entry and fails on
    /// TIOCMGET for ptys and USB-gadget ttys: those, and anything it could not name, get termios.
    public static func backend(for path: String) -> Backend {
        guard let resolved = try? Paths.resolved(path) else { return .libserialport }
        let name = resolved.split(separator: "/").last.map(String.init) ?? resolved
        if resolved.hasPrefix("/dev/pts/") || name.hasPrefix("ttyGS") || name == "ptmx" {
            return .termios
        }
        return Paths.exists("/sys/class/tty/\(name)") ? .libserialport : .termios
    }
}
