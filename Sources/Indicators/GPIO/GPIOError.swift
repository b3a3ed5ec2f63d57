import POSIX

/// What went wrong claiming or driving a GPIO line. The descriptions are what a technician reads,
/// so each names the chip and line and, where it helps, what the box does have.
public enum GPIOError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No gpiochip has this label. `present` lists "gpiochipN [label]" for the chips that do exist.
    case chipNotFound(label: String, present: [String], directory: String)
    /// A gpiochip device exists but could not be opened.
    case cannotOpenChip(path: String, Errno)
    /// The chip has no line of this name. `available` lists the chip's line names.
    case lineNotFound(name: String, chip: String, available: [String])
    case offsetOutOfRange(offset: UInt32, chip: String, lineCount: Int)
    /// A kernel driver (e.g. leds-gpio from the device tree) or another process holds the line.
    case lineBusy(line: String, chip: String)
    case cannotRequestLine(line: String, chip: String, Errno)
    case cannotSetLine(line: String, chip: String, Errno)

    /// What a failed line request's errno means: EBUSY is a line someone else holds (worth
    /// retrying later: the other process may let go); anything else is reported with its errno.
    public static func requestFailed(_ errno: Errno, line: String, chip: String) -> GPIOError {
        errno == .busy ? .lineBusy(line: line, chip: chip) : .cannotRequestLine(line: line, chip: chip, errno)
    }

    public var description: String {
        switch self {
        case .chipNotFound(let label, let present, let directory):
            let found = present.isEmpty ? "there are no gpiochip devices in \(directory)" : "present: " + present.joined(separator: ", ")
            return "no gpiochip labelled \"\(label)\" (\(found))"
        case .cannotOpenChip(let path, let errno):
            return "cannot open \(path): \(errno)"
        case .lineNotFound(let name, let chip, let available):
            let names = available.isEmpty ? "the chip names none of its lines; use an offset" : "it has: " + available.joined(separator: ", ")
            return "gpiochip \"\(chip)\" has no line named \"\(name)\" (\(names))"
        case .offsetOutOfRange(let offset, let chip, let count):
            return "gpiochip \"\(chip)\" has \(count) lines; offset \(offset) does not exist"
        case .lineBusy(let line, let chip):
            return "line \(line) on \"\(chip)\" is busy: a kernel driver (such as leds-gpio) or another process holds it"
        case .cannotRequestLine(let line, let chip, let errno):
            return "cannot claim line \(line) on \"\(chip)\" as an output: \(errno)"
        case .cannotSetLine(let line, let chip, let errno):
            return "cannot set line \(line) on \"\(chip)\": \(errno)"
        }
    }
}
