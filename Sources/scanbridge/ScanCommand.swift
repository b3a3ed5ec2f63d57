import ArgumentParser
import Logging
import Scanner
import SerialIO
import ServiceLifecycle

/// `scanbridge scan`: reads a scanner and prints what every read is. The first thing a
/// technician runs on a new box, before any payment is configured.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read codes from a scanner port and print each parse result."
    )

    @Option(help: "Scanner device path or udev symlink, e.g. /dev/ttyACM0.")
    var port: String?

    @Option(help: "USB id of the scanner instead of a path, as VID:PID in hex, e.g. 0c2e:0b6a.")
    var usb: String?

    @Option(help: "Scanner profile: generic, honeywell, newland, zebra.")
    var profile: String = "generic"

    @Option(help: "Baud rate, overriding the profile's.")
    var baud: Int?

    @Option(help: "Serial backend: automatic, libserialport, termios.")
    var backend: PortConfiguration.Backend = .automatic

    @Option(help: "Ignore a payment code read again within this many seconds.")
    var duplicateWindow: Double = 3

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .notice

    func validate() throws {
        guard (port == nil) != (usb == nil) else { throw ValidationError("give exactly one of --port or --usb") }
        if let usb, USBID(usb) == nil { throw ValidationError("--usb wants VID:PID in hex, e.g. 0c2e:0b6a") }
    }

    func run() async throws {
        ProcessOutput.bootstrapLogging(level: logLevel)
        var profile = try ScannerProfile.named(self.profile)
        if let baud { profile.serial.baudRate = baud }
        let location: PortConfiguration.Location =
            if let port { .path(port) } else if let id = usb.flatMap(USBID.init) { .usb(vendorID: id.vendor, productID: id.product) }
            else { .path("") }
        let logger = Logger(label: "scanbridge.scanner")
        let scanner = try ScannerService(
            location: location, profile: profile, backend: backend,
            duplicateWindow: .milliseconds(Int64(duplicateWindow * 1000)), logger: logger
        )
        let printer = ScanPrinter()
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: scanner)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        async let printing: Void = { for await event in scanner.events { printer.print(event) } }()
        try await group.run()
        await printing
    }
}

/// `VID:PID` in hex.
struct USBID {
    let vendor: UInt16
    let product: UInt16

    init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16) else { return nil }
        self.vendor = vendor
        self.product = product
    }
}

extension PortConfiguration.Backend: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
