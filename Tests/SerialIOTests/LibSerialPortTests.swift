import Glibc
import Testing
@testable import SerialIO

@Suite("libserialport backend")
struct LibSerialPortTests {
    @Test func automaticBackendPicksTermiosForPseudoTerminalsAndGadgets() throws {
        let far = try PseudoTerminal()
        #expect(PortConfiguration.backend(for: far.slavePath) == .termios)
        #expect(PortConfiguration.backend(for: "/dev/null") == .termios, "no /sys/class/tty entry")
    }

    @Test(.enabled(if: access("/sys/class/tty/ttyS0", F_OK) == 0, "needs a UART with a sysfs entry"))
    func automaticBackendPicksLibserialportForUARTs() {
        #expect(PortConfiguration.backend(for: "/dev/ttyS0") == .libserialport)
    }

    @Test func pseudoTerminalsAreRefusedWithLibserialportsOwnReason() throws {
        // libserialport 0.1.1 cannot even name a pty (no /sys/class/tty/pts/N): the error must be
        // a typed one a technician can read, not a crash or a hang.
        let far = try PseudoTerminal()
        #expect(throws: SerialPortError.self) {
            try LibSerialPortPort(path: far.slavePath, settings: SerialSettings())
        }
        do {
            _ = try LibSerialPortPort(path: far.slavePath, settings: SerialSettings())
        } catch {
            #expect("\(error)".contains(far.slavePath))
        }
    }

    @Test func missingDeviceIsNotFound() {
        #expect(throws: SerialPortError.notFound(path: "/dev/ttyUSB-scanbridge-missing")) {
            try LibSerialPortPort(path: "/dev/ttyUSB-scanbridge-missing", settings: SerialSettings())
        }
    }

    /// On a machine with a UART: open it through a udev-style symlink (0.1.1 fails on symlinks
    /// unless we resolve them), configure 115200 8N1 and take the exclusive lock.
    @Test(.enabled(if: access("/dev/ttyS0", R_OK | W_OK) == 0 && access("/sys/class/tty/ttyS0", F_OK) == 0, "needs a UART"))
    func opensAUARTThroughASymlinkAndLocksIt() throws {
        let link = "/tmp/scanbridge-test-\(getpid())-uart"
        unlink(link)
        #expect(symlink("/dev/ttyS0", link) == 0)
        defer { unlink(link) }
        let port = try LibSerialPortPort(path: link, settings: SerialSettings(baudRate: 115_200))
        defer { port.close() }
        #expect(port.path == "/dev/ttyS0")
        #expect(port.fileDescriptor >= 0)
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try buffer.withUnsafeMutableBytes { try port.read(into: $0) } == 0, "nothing on the line, no hang-up")
        #expect(throws: SerialPortError.busy(path: "/dev/ttyS0")) {
            try LibSerialPortPort(path: "/dev/ttyS0", settings: SerialSettings())
        }
    }

    @Test func usbLookupListsWhatIsAttachedWhenNothingMatches() {
        do {
            _ = try USBPortFinder.path(vendorID: 0x0C2E, productID: 0xFFFF)
            Issue.record("no Honeywell scanner with PID ffff can be attached here")
        } catch {
            guard case .noUSBMatch(let vid, let pid, let found) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(vid == 0x0C2E && pid == 0xFFFF)
            #expect(found == USBPortFinder.ports().map { $0.vendorID == nil ? $0.path : "\($0.path) (\(hex4($0.vendorID!)):\(hex4($0.productID!)))" })
            #expect("\(error)".hasPrefix("no USB serial port with id 0c2e:ffff; found: "))
        }
    }

    @Test func settingsAreValidatedBeforeAnyDeviceIsTouched() {
        #expect(throws: SerialPortError.invalidSettings("data bits 9 is not supported; use 5, 6, 7 or 8")) {
            try PortConfiguration(location: .path("/dev/ttyS0"), settings: SerialSettings(dataBits: 9)).open()
        }
        #expect(SerialSettings(baudRate: 115_200).description == "115200 8N1")
        #expect(SerialSettings(baudRate: 9600, parity: .even, flowControl: .rtsCts).description == "9600 8E1 rtscts")
    }
}
