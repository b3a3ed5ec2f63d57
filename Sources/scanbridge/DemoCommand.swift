import ArgumentParser
import Glibc
import Logging
import ScanCode
import Scanner
import ScannerSimulator
import SerialIO

/// `scanbridge demo`: a simulated scanner on a pseudo-terminal plays a script of reads a shop
/// counter sees, and the agent's scan stage prints what it makes of each. Ends by itself.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the agent against a simulated scanner and print what it sees."
    )

    @Option(help: "Pause between scripted reads, in milliseconds.")
    var pace: Int = 400

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .warning

    func run() async throws {
        Console.bootstrapLogging(level: logLevel)
        var scanner = try ScriptedScanner()
        // The agent opens a stable name, as it would a udev symlink, so a replug is followed.
        let directory = try DemoDirectory()
        let link = directory.path + "/scanner"
        try directory.link(link, to: scanner.path)

        let service = try ScannerService(
            location: .path(link), profile: .honeywell, logger: Logger(label: "scanbridge.scanner")
        )
        print("scanbridge demo: simulated Honeywell scanner at \(link) -> \(scanner.path)\n")
        let running = Task { try await service.run() }
        let printer = ScanPrinter()
        let summary = Task {
            var tally = DemoTally()
            for await event in service.events {
                printer.print(event)
                tally.count(event)
            }
            return tally
        }

        let pause = Duration.milliseconds(pace)
        try await Task.sleep(for: pause)
        for step in DemoScript.steps {
            print("\n▶ \(step.title)")
            switch step.action {
            case .send(let bytes): try scanner.terminal.write(bytes)
            case .drip(let bytes): try await scanner.drip(bytes, gap: .milliseconds(15))
            case .replug:
                scanner.unplug()
                try await Task.sleep(for: .milliseconds(300))
                scanner = try ScriptedScanner()
                try directory.link(link, to: scanner.path)
            }
            try await Task.sleep(for: pause)
        }
        running.cancel()
        _ = try? await running.value
        let tally = await summary.value
        print("\n\(tally)")
        directory.remove()
    }
}

/// Counts for the closing line of the demo.
struct DemoTally: CustomStringConvertible {
    var payments = 0, duplicates = 0, rejected = 0, dropped = 0, reconnects = 0

    mutating func count(_ event: ScanEvent) {
        switch event.kind {
        case .paymentCode: payments += 1
        case .duplicate: duplicates += 1
        case .rejected: rejected += 1
        case .dropped: dropped += 1
        case .scannerDisconnected: reconnects += 1
        case .scannerConnected: break
        }
    }

    var description: String {
        "summary: \(payments) payment codes, \(duplicates) duplicates ignored, \(rejected) rejected, "
            + "\(dropped) frames dropped, \(reconnects) scanner reconnects"
    }
}

/// A private temporary directory for the demo's scanner symlink.
struct DemoDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/scanbridge-demo-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw DemoError("cannot create a temporary directory: \(Errno.describe(errno))") }
        path = String(cString: made)
    }

    func link(_ link: String, to target: String) throws {
        unlink(link)
        guard symlink(target, link) == 0 else { throw DemoError("cannot link \(link): \(Errno.describe(errno))") }
    }

    func remove() {
        unlink(path + "/scanner")
        rmdir(path)
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
