import Glibc
import ScannerSimulator
import SerialIO

/// A scripted scanner reached through a symlink, as udev's `/dev/scanbridge/scanner` reaches a
/// real one: `unplug()` takes the name away first (udev removes it before the tty goes) and hangs
/// the pty up; `plugIn()` makes a new pty and points the name at it.
final class SymlinkedScanner {
    let directory: String
    let link: String
    private(set) var scanner: ScriptedScanner

    init() throws {
        directory = "/tmp/scanbridge-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(directory, 0o700) == 0 else { throw SerialPortError.notFound(path: directory) }
        link = directory + "/scanner"
        scanner = try ScriptedScanner()
        guard symlink(scanner.path, link) == 0 else { throw SerialPortError.notFound(path: link) }
    }

    /// The name goes first: a freed pty number may be handed to another test's terminal at once,
    /// and a reopen through a stale name would take that terminal over.
    func unplug() {
        unlink(link)
        scanner.unplug()
    }

    func plugIn() throws {
        scanner = try ScriptedScanner()
        guard symlink(scanner.path, link) == 0 else { throw SerialPortError.notFound(path: link) }
    }

    func scan(_ data: String, aim: String? = nil) throws {
        try scanner.scan(data, aim: aim)
    }

    func remove() {
        unlink(link)
        rmdir(directory)
    }
}
