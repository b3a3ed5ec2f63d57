import CSerialPort

/// Finds a scanner by its USB vendor and product id, for boxes where the tty name depends on plug
/// order and no udev rule gives it a stable name.
public enum USBPortFinder {
    public struct Port: Hashable, Sendable {
        public let path: String
        public let vendorID: UInt16?
        public let productID: UInt16?
    }

    /// Every port libserialport can enumerate (UARTs and USB serial; never ptys).
    public static func ports() -> [Port] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        guard sp_list_ports(&list) == SP_OK, let list else { return [] }
        defer { sp_free_port_list(list) }
        var ports: [Port] = []
        var index = 0
        while let port = list[index] {
            index += 1
            guard let name = sp_get_port_name(port) else { continue }
            var vid: Int32 = 0, pid: Int32 = 0
            let isUSB = sp_get_port_transport(port) == SP_TRANSPORT_USB && sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK
            ports.append(Port(
                path: String(cString: name),
                vendorID: isUSB ? UInt16(truncatingIfNeeded: vid) : nil,
                productID: isUSB ? UInt16(truncatingIfNeeded: pid) : nil
            ))
        }
        return ports
    }

    /// The path of the first port with this id; the error lists what is attached instead.
    public static func path(vendorID: UInt16, productID: UInt16) throws(SerialPortError) -> String {
        let all = ports()
        if let match = all.first(where: { $0.vendorID == vendorID && $0.productID == productID }) {
            return match.path
        }
        let found = all.map { port in
            guard let vid = port.vendorID, let pid = port.productID else { return port.path }
            return "\(port.path) (\(hex4(vid)):\(hex4(pid)))"
        }
        throw .noUSBMatch(vendorID: vendorID, productID: productID, found: found)
    }
}
