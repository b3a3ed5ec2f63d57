import CGPIOD

/// One claimed output line. It keeps its chip open, because a v1 line is owned by its chip and
/// must be released before the chip closes.
final class GPIOLine {
    let chip: GPIOChip
    let name: String
    private let handle: UnsafeMutablePointer<sbg_line>

    init(chip: GPIOChip, handle: UnsafeMutablePointer<sbg_line>, name: String) {
        self.chip = chip
        self.handle = handle
        self.name = name
    }

    /// Releasing hands the line back to the kernel; its level is then undefined, which is why
    /// callers set it off first.
    deinit { sbg_line_release(handle) }

    /// Sets the logical level: `true` is "lit/sounding", whatever the line's active-low flag.
    func set(_ on: Bool) throws(GPIOError) {
        guard sbg_line_set(handle, on ? 1 : 0) == 0 else {
            throw .cannotSetLine(line: name, chip: chip.label, .current)
        }
    }
}
