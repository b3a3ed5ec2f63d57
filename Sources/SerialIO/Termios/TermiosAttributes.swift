import Glibc

/// Maps `SerialSettings` onto a raw-mode termios: no echo, no line discipline, no CR/LF
/// translation, reads return at once (VMIN = VTIME = 0) because the reader polls.
extension termios {
    static func raw(from current: termios, settings: SerialSettings) -> Result<termios, SerialPortError> {
        var t = current
        cfmakeraw(&t)
        t.c_cflag |= tcflag_t(CLOCAL | CREAD)
        t.c_cflag &= ~tcflag_t(CSIZE)
        switch settings.dataBits {
        case 5: t.c_cflag |= tcflag_t(CS5)
        case 6: t.c_cflag |= tcflag_t(CS6)
        case 7: t.c_cflag |= tcflag_t(CS7)
        default: t.c_cflag |= tcflag_t(CS8)
        }
        t.c_cflag &= ~tcflag_t(PARENB | PARODD)
        switch settings.parity {
        case .none: break
        case .even: t.c_cflag |= tcflag_t(PARENB)
        case .odd: t.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        if settings.stopBits == 2 { t.c_cflag |= tcflag_t(CSTOPB) } else { t.c_cflag &= ~tcflag_t(CSTOPB) }
        t.c_cflag &= ~tcflag_t(CRTSCTS)
        t.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        switch settings.flowControl {
        case .none, .dtrDsr: break  // Linux termios has no DTR/DSR flow control; the line just stays up
        case .rtsCts: t.c_cflag |= tcflag_t(CRTSCTS)
        case .xonXoff: t.c_iflag |= tcflag_t(IXON | IXOFF)
        }
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard let speed = speedConstant(settings.baudRate) else {
            return .failure(.invalidSettings("baud rate \(settings.baudRate) is not supported"))
        }
        cfsetispeed(&t, speed)
        cfsetospeed(&t, speed)
        return .success(t)
    }

    private static func speedConstant(_ baud: Int) -> speed_t? {
        switch baud {
        case 1200: speed_t(B1200)
        case 2400: speed_t(B2400)
        case 4800: speed_t(B4800)
        case 9600: speed_t(B9600)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115200: speed_t(B115200)
        case 230400: speed_t(B230400)
        case 460800: speed_t(B460800)
        case 921600: speed_t(B921600)
        default: nil
        }
    }
}
