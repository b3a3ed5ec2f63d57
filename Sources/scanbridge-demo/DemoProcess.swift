import Glibc

/// The agent under demonstration: `scanbridge demo-agent` in a child process, so the demo can
/// kill it for real and start it again on the same journal.
final class DemoProcess {
    private(set) var pid: pid_t = 0
    let executable: String
    let arguments: [String]

    init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    func start() throws {
        var child = pid_t()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child must see SIGTERM even if our own mask blocks it.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let result = posix_spawn(&child, executable, nil, &attributes, argv, environ)
        guard result == 0 else { throw DemoError("cannot start \(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    /// Sends `signal` and waits for the process; returns its wait status.
    @discardableResult
    func stop(_ signal: Int32) -> Int32 {
        guard pid > 0 else { return 0 }
        kill(pid, signal)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        pid = 0
        return status
    }

    /// The `scanbridge` binary next to this one in the build folder.
    static func siblingExecutable(_ name: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw DemoError("cannot find my own path") }
        let me = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = String(me[..<(me.lastIndex(of: "/") ?? me.endIndex)]) + "/" + name
        guard access(path, X_OK) == 0 else { throw DemoError("\(path) is not built: run `swift build --product \(name)`") }
        return path
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A private temporary directory for the demo's keys, journal and scanner link.
struct DemoDirectory {
    let path: String

    init() throws {
        var template = Array(("/tmp/scanbridge-demo-" + String(repeating: "X", count: 6)).utf8CString)  // mkdtemp fills the Xs
        guard let made = mkdtemp(&template) else { throw DemoError("cannot create a temporary directory: \(String(cString: strerror(errno)))") }
        path = String(cString: made)
    }

    func link(_ link: String, to target: String) throws {
        unlink(link)
        guard symlink(target, link) == 0 else { throw DemoError("cannot link \(link): \(String(cString: strerror(errno)))") }
    }

    func write(_ name: String, _ text: String) throws {
        guard let file = fopen(path + "/" + name, "w") else { throw DemoError("cannot write \(name)") }
        defer { fclose(file) }
        fputs(text, file)
    }

    func remove() {
        guard let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { unlink(path + "/" + name) }
        }
        closedir(dir)
        rmdir(path)
    }
}
