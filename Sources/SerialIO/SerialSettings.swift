/// Line settings of a serial port. Scanner vendors disagree (Honeywell 115200 8N1, many others
/// 9600), so every field comes from the scanner profile and can be overridden in configuration.
public struct SerialSettings: Hashable, Sendable, CustomStringConvertible {
    public var baudRate: Int
    public var dataBits: Int
    public var parity: Parity
    public var stopBits: Int
    public var flowControl: FlowControl

    public init(
        baudRate: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1,
        flowControl: FlowControl = .none
    ) {
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.flowControl = flowControl
    }

    public enum Parity: String, Hashable, Sendable, CaseIterable {
        case none, odd, even
    }

    public enum FlowControl: String, Hashable, Sendable, CaseIterable {
        case none
        case xonXoff = "xonxoff"
        case rtsCts = "rtscts"
        case dtrDsr = "dtrdsr"
    }

    /// Baud rates both backends can set on Linux.
    public static let supportedBaudRates: [Int] = [
        1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
    ]

    /// Throws a message naming the bad field and what is allowed.
    public func validate() throws(SerialPortError) {
        guard Self.supportedBaudRates.contains(baudRate) else {
            throw .invalidSettings("baud rate \(baudRate) is not supported; use one of \(Self.supportedBaudRates.map(String.init).joined(separator: ", "))")
        }
        guard (5...8).contains(dataBits) else {
            throw .invalidSettings("data bits \(dataBits) is not supported; use 5, 6, 7 or 8")
        }
        guard stopBits == 1 || stopBits == 2 else {
            throw .invalidSettings("stop bits \(stopBits) is not supported; use 1 or 2")
        }
    }

    /// `115200 8N1`, the way technicians write it.
    public var description: String {
        let p = switch parity { case .none: "N" case .odd: "O" case .even: "E" }
        let flow = flowControl == .none ? "" : " \(flowControl.rawValue)"
        return "\(baudRate) \(dataBits)\(p)\(stopBits)\(flow)"
    }
}
