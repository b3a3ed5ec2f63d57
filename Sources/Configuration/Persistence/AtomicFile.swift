import Glibc

/// Replaces a file so that after a power cut it holds either the old contents or the new, never
/// a mix or nothing: write a temporary file beside it, fsync it, rename it over the old one, then
/// fsync the directory so the rename itself is on disk.
public enum AtomicFile {
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case cannotWrite(path: String, operation: String, errno: Int32)

        public var description: String {
            switch self {
            case .cannotWrite(let path, let operation, let code):
                let text = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
                return "cannot save \(path): \(operation) failed: \(text)"
            }
        }
    }

    /// The temporary name used while writing `path`: left behind only by a crash mid-write, and
    /// then ignored (the real file is intact) and replaced by the next save.
    public static func temporaryPath(for path: String) -> String { path + ".tmp" }

    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(Failure) {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .cannotWrite(path: path, operation: "open \(temporary)", errno: errno) }
        var closed = false
        defer { if !closed { close(fd) } }
        _ = fchmod(fd, mode)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .cannotWrite(path: path, operation: "write", errno: errno) }
            offset += written
        }
        guard fsync(fd) == 0 else { throw .cannotWrite(path: path, operation: "fsync", errno: errno) }
        closed = true
        guard close(fd) == 0 else { throw .cannotWrite(path: path, operation: "close", errno: errno) }
        guard rename(temporary, path) == 0 else { throw .cannotWrite(path: path, operation: "rename", errno: errno) }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) }.flatMap { $0.isEmpty ? "/" : $0 } ?? "."
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { throw .cannotWrite(path: path, operation: "open directory", errno: errno) }
        defer { close(dirfd) }
        guard fsync(dirfd) == 0 else { throw .cannotWrite(path: path, operation: "fsync directory", errno: errno) }
    }

    /// The whole file, nil when it does not exist; other failures throw.
    public static func read(_ path: String) throws(Failure) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .cannotWrite(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .cannotWrite(path: path, operation: "read", errno: errno) }
            if count == 0 { return bytes }
            bytes += buffer[..<count]
        }
    }
}
