import Foundation
import Glibc

/// A small file system of its own for a journal test, mounted on a fresh directory and always
/// unmounted: by `unmount()` (call it in a `defer`), by `deinit`, and, should a test process die
/// with one still mounted, by the next run (mount points carry the owning pid).
///
/// Mounting needs root. As an ordinary user, ``runAsRoot(_:)`` runs the test again in a child
/// process inside a user and mount namespace (`unshare --user --map-root-user --mount`), where it
/// is root over its own mounts, which vanish with it.
public final class ScratchFileSystem: @unchecked Sendable {  // used by one test at a time
    public let path: String
    private var image: String?
    private var mounted = true

    private static let prefix = "/tmp/scanbridge-fs-"

    /// tmpfs of `bytes`, optionally mounted read-only from the start.
    public static func tmpfs(bytes: Int, readOnly: Bool = false) async throws -> ScratchFileSystem {
        try await offPool { try mountTmpfs(bytes: bytes, readOnly: readOnly) }
    }

    /// ext4 on a loop device with `errors=remount-ro`, so ``failToReadOnly()`` can turn it
    /// read-only under open files, as a failing eMMC does. Needs real root (loop devices).
    public static func ext4(bytes: Int) async throws -> ScratchFileSystem {
        try await offPool { try mountExt4(bytes: bytes) }
    }

    private static func mountTmpfs(bytes: Int, readOnly: Bool) throws -> ScratchFileSystem {
        let path = try makeMountPoint()
        try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)" + (readOnly ? ",ro" : ""), "tmpfs", path], cleanup: path)
        return ScratchFileSystem(path: path, image: nil)
    }

    private static func mountExt4(bytes: Int) throws -> ScratchFileSystem {
        let path = try makeMountPoint()
        let image = path + ".img"
        try run("/usr/bin/truncate", ["-s", "\(bytes)", image], cleanup: path)
        try run("/sbin/mkfs.ext4", ["-q", "-F", "-O", "^has_journal", image], cleanup: path, image: image)
        try run("/bin/mount", ["-o", "loop,errors=remount-ro", image, path], cleanup: path, image: image)
        return ScratchFileSystem(path: path, image: image)
    }

    private init(path: String, image: String?) {
        self.path = path
        self.image = image
    }

    deinit { unmount() }

    /// Fills the file system to the last byte with one file; returns its path (unlink it to free).
    public func fill() -> String {
        let filler = path + "/filler"
        let fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return filler }
        defer { close(fd) }
        // Big chunks first, then single bytes for the tail of the last page.
        for size in [65_536, 4096, 1] {
            let chunk = [UInt8](repeating: 0x5A, count: size)
            while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, size) }) == size {}
        }
        fsync(fd)
        return filler
    }

    /// What ext4 does on an I/O error with `errors=remount-ro`: read-only at once, files still open.
    public func failToReadOnly() async throws {
        try await Self.offPool { try self.triggerError() }
    }

    private func triggerError() throws {
        guard let image else { throw ScratchError("only an ext4 scratch file system can fail to read-only") }
        let device = try Self.output("/usr/bin/findmnt", ["-no", "SOURCE", path]).trimmingCharacters(in: .whitespacesAndNewlines)
        let trigger = "/sys/fs/ext4/\((device as NSString).lastPathComponent)/trigger_fs_error"
        guard FileManager.default.fileExists(atPath: trigger) else { throw ScratchError("\(trigger) missing (image \(image))") }
        try "scanbridge test\n".write(toFile: trigger, atomically: false, encoding: .utf8)
    }

    /// Read-only from now on; only possible while nothing has a file open for writing (EBUSY).
    /// A bind remount flips the mount's own flag, which a user namespace may do too.
    public func remountReadOnly() async throws {
        let path = path
        _ = try await Self.offPool { try Self.run("/bin/mount", ["-o", "remount,bind,ro", path]) }
    }

    public var options: String {
        get async {
            let path = path
            return (try? await Self.offPool { try Self.output("/usr/bin/findmnt", ["-no", "OPTIONS", path]) }) ?? ""
        }
    }

    public func unmount() {
        guard mounted else { return }
        mounted = false
        _ = try? Self.run("/bin/umount", ["-l", path])
        rmdir(path)
        if let image { unlink(image) }
    }

    // MARK: Root, or a namespace where the test is root

    public static var isRoot: Bool { geteuid() == 0 }

    /// Runs the current test again in a child process that is root in a user and mount namespace
    /// of its own; true when it passed there. Only for ordinary users (CI runs as root).
    public static func runAsRoot(_ test: String) async throws -> Bool {
        try await offPool { try runInNamespace(test) }
    }

    private static func runInNamespace(_ test: String) throws -> Bool {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        child.arguments = ["--user", "--map-root-user", "--mount", executable, "--testing-library", "swift-testing", "--filter", test]
        try child.run()
        child.waitUntilExit()
        return child.terminationStatus == 0
    }

    // MARK: Helpers

    /// Mounting, mkfs and child processes block: on a thread of their own, never on one of the
    /// (two, on CI) cooperative threads every other test and simulator needs.
    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    private static func makeMountPoint() throws -> String {
        removeStaleMounts()
        var template = Array((prefix + "\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ScratchError("mkdtemp: \(String(cString: strerror(errno)))") }
        return String(cString: made)
    }

    /// Mounts left by a test process that died before its cleanup ran.
    private static func removeStaleMounts() {
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return }
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1, fields[1].hasPrefix(prefix) else { continue }
            let owner = fields[1].dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(owner), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = try? run("/bin/umount", ["-l", String(fields[1])])
            rmdir(String(fields[1]))
            unlink(String(fields[1]) + ".img")
        }
    }

    @discardableResult
    private static func run(_ tool: String, _ arguments: [String], cleanup: String? = nil, image: String? = nil) throws -> String {
        do {
            return try output(tool, arguments)
        } catch {
            if let cleanup { rmdir(cleanup) }
            if let image { unlink(image) }
            throw error
        }
    }

    private static func output(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ScratchError("\(tool) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
        }
        return text
    }
}

public struct ScratchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
