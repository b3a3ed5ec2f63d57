import POSIX
import Glibc

/// Reads and writes single sysfs attribute files (`brightness`, `enable`, `export` …).
/// Writes never create files: a missing attribute is an error, exactly as in real sysfs, so tests
/// against a temporary tree catch the same mistakes the kernel would.
struct SysfsAttribute {
    let path: String

    init(_ path: String) { self.path = path }

    var exists: Bool { access(path, F_OK) == 0 }

    func write(_ value: String) throws(SysfsError) {
        // O_TRUNC is what `echo 1 > brightness` does; sysfs ignores it, a plain test tree needs it.
        let fd: FileDescriptor
        do throws(Errno) {
            fd = try FileDescriptor.open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        } catch {
            throw .cannotOpen(path: path, error)
        }
        defer { fd.close() }
        // sysfs takes one write per value; a short write means the kernel refused part of it.
        let bytes = Array(value.utf8)
        let written = bytes.withUnsafeBytes { raw in Result { () throws(Errno) in try fd.write(raw) } }
        switch written {
        case .success(let count) where count == bytes.count: return
        case .success: throw .cannotWrite(path: path, value: value, .current)
        case .failure(let error): throw .cannotWrite(path: path, value: value, error)
        }
    }

    func read() throws(SysfsError) -> String {
        do throws(WholeFile.Failure) {
            return try WholeFile.text(path, limit: 4096).trimmingTrailingNewlines()
        } catch {
            switch error {
            case .cannotOpen(_, let errno): throw .cannotOpen(path: path, errno)
            case .cannotRead(_, let errno): throw .cannotRead(path: path, errno)
            case .tooLarge: throw .cannotRead(path: path, Errno(EFBIG))
            }
        }
    }

    /// The last component of a symlink's target (`device` → `fe20c000.pwm`), or nil.
    func linkTargetName() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target.split(separator: "/").last.map(String.init)
    }

    /// Entry names in a directory, sorted; empty when it can't be read.
    static func entries(of directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// A failed sysfs access, with the path so the technician knows which LED or PWM it was.
enum SysfsError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, Errno)
    case cannotWrite(path: String, value: String, Errno)
    case cannotRead(path: String, Errno)

    var description: String {
        switch self {
        case .cannotOpen(let path, let errno):
            errno == .permissionDenied
                ? "cannot open \(path): \(errno); is the service user in the group the udev rules grant?"
                : "cannot open \(path): \(errno)"
        case .cannotWrite(let path, let value, let errno): "cannot write \"\(value)\" to \(path): \(errno)"
        case .cannotRead(let path, let errno): "cannot read \(path): \(errno)"
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self[...]
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        return String(text)
    }
}
