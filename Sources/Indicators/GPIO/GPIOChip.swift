import CGPIOD
import Glibc

/// An open gpiochip, found by its label. Every libgpiod call for chips goes through this file and
/// `GPIOLine.swift`, via the `sbg_*` shim that hides the v1/v2 API split.
///
/// Not Sendable on purpose: the owning backend keeps chips and lines behind its lock.
final class GPIOChip {
    let path: String
    let label: String
    private let handle: UnsafeMutablePointer<sbg_chip>

    /// Opens the chip at a device path (`/dev/gpiochipN`).
    init(path: String) throws(GPIOError) {
        guard let handle = sbg_chip_open_path(path) else { throw .cannotOpenChip(path: path, .current) }
        self.handle = handle
        self.path = path
        self.label = Self.copyString { sbg_chip_label(handle, $0, $1) } ?? ""
    }

    deinit { sbg_chip_close(handle) }

    /// The libgpiod API the build uses (1 or 2) and the library's version text.
    static var library: (api: Int, version: String) {
        (Int(sbg_api_major()), String(cString: sbg_library_version()))
    }

    /// Finds the chip with this label among `directory/gpiochip*`. Chip numbers move between
    /// kernels (the Pi 5's RP1 went from gpiochip4 to gpiochip0), labels do not.
    static func open(label: String, directory: String = "/dev") throws(GPIOError) -> GPIOChip {
        var present: [String] = []
        for name in chipDeviceNames(in: directory) {
            let path = directory + "/" + name
            let chip: GPIOChip
            do {
                chip = try GPIOChip(path: path)
            } catch {
                present.append("\(name) [\(error)]")
                continue
            }
            if chip.label == label { return chip }
            present.append("\(name) [\(chip.label)]")
        }
        throw .chipNotFound(label: label, present: present, directory: directory)
    }

    var lineCount: Int { Int(sbg_chip_num_lines(handle)) }

    /// "offset: name" for each named line, for error messages that say what the chip does have.
    var lineNames: [String] {
        (0..<max(lineCount, 0)).compactMap { offset in
            guard let name = Self.copyString({ sbg_chip_line_name(handle, UInt32(offset), $0, $1) }), !name.isEmpty else {
                return nil
            }
            return "\(offset): \(name)"
        }
    }

    func offset(ofLine name: String) throws(GPIOError) -> UInt32 {
        let offset = sbg_chip_find_line(handle, name)
        guard offset >= 0 else { throw .lineNotFound(name: name, chip: label, available: lineNames) }
        return UInt32(offset)
    }

    /// Claims a line as an output, already off (the safe state), for the process's lifetime.
    func requestOutput(offset: UInt32, activeLow: Bool, consumer: String, describedAs line: String) throws(GPIOError) -> GPIOLine {
        guard Int(offset) < lineCount else { throw .offsetOutOfRange(offset: offset, chip: label, lineCount: lineCount) }
        guard let request = sbg_line_request_output(handle, offset, activeLow ? 1 : 0, consumer, 0) else {
            throw GPIOError.requestFailed(.current, line: line, chip: label)
        }
        return GPIOLine(chip: self, handle: request, name: line)
    }

    private static func chipDeviceNames(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix("gpiochip") { names.append(name) }
        }
        // gpiochip2 before gpiochip10, so messages list chips in the order people expect.
        return names.sorted { ($0.count, $0) < ($1.count, $1) }
    }

    private static func copyString(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let result = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        guard result >= 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
