import POSIX

/// Everything that can go wrong with a serial port, as values a caller can switch on and a
/// technician can read.
public enum SerialPortError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The device node does not exist (unplugged, wrong path, udev rule not applied).
    case notFound(path: String)
    /// The agent's user may not open it (not in `dialout` or the udev group).
    case permissionDenied(path: String)
    /// Another process holds it (a getty, ModemManager, a second agent).
    case busy(path: String)
    /// The path is not a terminal device.
    case notATerminal(path: String)
    /// No USB serial port has the configured vendor and product id; lists what was found.
    case noUSBMatch(vendorID: UInt16, productID: UInt16, found: [String])
    /// Configuration asks for something the port cannot do.
    case invalidSettings(String)
    /// The device went away under us: cable pulled, USB reset, pty master closed.
    case hangUp(path: String)
    /// Any other failed system call.
    case system(operation: String, path: String, errno: Int32)
    /// libserialport refused, with its own message.
    case libserialport(operation: String, path: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): no such device (unplugged, or wrong path?)"
        case .permissionDenied(let path): "\(path): permission denied (is the service user in the port's group?)"
        case .busy(let path): "\(path): in use by another process (getty, ModemManager, another agent?)"
        case .notATerminal(let path): "\(path): not a serial or terminal device"
        case .noUSBMatch(let vid, let pid, let found):
            "no USB serial port with id \(hex4(vid)):\(hex4(pid)); found: \(found.isEmpty ? "none" : found.joined(separator: ", "))"
        case .invalidSettings(let message): "invalid serial settings: \(message)"
        case .hangUp(let path): "\(path): device hung up"
        case .system(let operation, let path, let errno): "\(path): \(operation) failed: \(Errno.describe(errno))"
        case .libserialport(let operation, let path, let code, let message):
            "\(path): libserialport \(operation) failed (\(code)): \(message)"
        }
    }
}

func hex4(_ value: UInt16) -> String {
    Hex.encode([UInt8(value >> 8), UInt8(value & 0xFF)])
}

extension SerialPortError {
    /// The device behind a path or udev symlink; a missing one is `.notFound` and so on.
    static func resolving(_ path: String) throws(SerialPortError) -> String {
        do throws(Errno) {
            return try Paths.resolved(path)
        } catch {
            throw .opening(path, errno: error)
        }
    }
}
