import CSerialPort

/// The libserialport calls, each in one place; `sp_return` codes become `SerialPortError` here and
/// go no further.
struct LibSerialPortHandle: @unchecked Sendable {  // the C port is owned by one LibSerialPortPort
    let path: String
    private let port: OpaquePointer

    static func open(_ path: String) throws(SerialPortError) -> LibSerialPortHandle {
        var port: OpaquePointer?
        let found = sp_get_port_by_name(path, &port)
        guard found == SP_OK, let port else {
            // 0.1.1 looks the name up in /sys/class/tty: a missing node and a missing sysfs entry
            // both come back as SP_ERR_ARG with ENOENT.
            throw lastError("sp_get_port_by_name", path, found, missing: true)
        }
        let opened = sp_open(port, SP_MODE_READ_WRITE)
        guard opened == SP_OK else {
            let error = lastError("sp_open", path, opened, missing: false)
            sp_free_port(port)
            throw error
        }
        return LibSerialPortHandle(path: path, port: port)
    }

    func apply(_ settings: SerialSettings) throws(SerialPortError) {
        try check("sp_set_baudrate", sp_set_baudrate(port, Int32(settings.baudRate)))
        try check("sp_set_bits", sp_set_bits(port, Int32(settings.dataBits)))
        try check("sp_set_parity", sp_set_parity(port, Self.parity(settings.parity)))
        try check("sp_set_stopbits", sp_set_stopbits(port, Int32(settings.stopBits)))
        try check("sp_set_flowcontrol", sp_set_flowcontrol(port, Self.flow(settings.flowControl)))
    }

    func fileDescriptor() throws(SerialPortError) -> Int32 {
        var fd: Int32 = -1
        try check("sp_get_port_handle", sp_get_port_handle(port, &fd))
        return fd
    }

    func close() {
        _ = sp_close(port)
        sp_free_port(port)
    }

    static func parity(_ parity: SerialSettings.Parity) -> sp_parity {
        switch parity {
        case .none: SP_PARITY_NONE
        case .odd: SP_PARITY_ODD
        case .even: SP_PARITY_EVEN
        }
    }

    static func flow(_ flow: SerialSettings.FlowControl) -> sp_flowcontrol {
        switch flow {
        case .none: SP_FLOWCONTROL_NONE
        case .xonXoff: SP_FLOWCONTROL_XONXOFF
        case .rtsCts: SP_FLOWCONTROL_RTSCTS
        case .dtrDsr: SP_FLOWCONTROL_DTRDSR
        }
    }

    private func check(_ operation: String, _ result: sp_return) throws(SerialPortError) {
        guard result == SP_OK else { throw Self.lastError(operation, path, result, missing: false) }
    }

    private static func lastError(_ operation: String, _ path: String, _ result: sp_return, missing: Bool) -> SerialPortError {
        let code = sp_last_error_code()
        if result == SP_ERR_FAIL || missing, code != 0 {
            if missing, code == 2 { return .notFound(path: path) }  // ENOENT
            if result == SP_ERR_FAIL { return .opening(path, errno: code) }
        }
        var message = "error \(result.rawValue)"
        if let text = sp_last_error_message() {
            message = String(cString: text)
            sp_free_error_message(text)
        }
        return .libserialport(operation: operation, path: path, code: result.rawValue, message: message)
    }
}
