@testable import Configuration
import FoundationEssentials
import Glibc
import Synchronization
import Testing

@Suite("Atomic persistence")
struct PersistenceTests {
    final class TemporaryDirectory {
        let path: String
        init() throws {
            var template = Array("/tmp/scanbridge-config-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw AtomicFile.Failure.cannotWrite(path: "/tmp", operation: "mkdtemp", errno: errno) }
            path = String(cString: made)
        }
        func remove() {
            chmod(path, 0o700)
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    @Test("commit writes the console layer through a temporary file and a rename; a reload sees it")
    func commitPersists() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/console.conf"
        // A crash mid-save leaves a temporary file behind: ignored at load, replaced at the next save.
        try AtomicFile.write(Array("garbage = half written".utf8), to: directory.path + "/ignored")
        unlink(directory.path + "/ignored")
        #expect(creat(AtomicFile.temporaryPath(for: path), 0o600) >= 0)

        let store = try ConfigurationStore.load(board: nil, provisioningFile: nil, consoleLayerPath: path)
        let committed = try store.commit(["console.idle-logout": "10m", "scanner.profile": "zebra"])
        #expect(committed.console.idleLogout == .seconds(600) && store.settings.console.idleLogout == .seconds(600))
        #expect(access(AtomicFile.temporaryPath(for: path), F_OK) != 0)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)

        let reloaded = try ConfigurationStore.load(board: nil, provisioningFile: nil, consoleLayerPath: path)
        #expect(reloaded.settings.console.idleLogout == .seconds(600))
        #expect(reloaded.settings.scanner.profile == "zebra")

        try store.commit(["scanner.profile": nil])
        let again = try ConfigurationStore.load(board: nil, provisioningFile: nil, consoleLayerPath: path)
        #expect(again.settings.scanner.profile == "generic")
        #expect(again.configuration.layer(.console)?["console.idle-logout"] == "10m")
    }

    @Test("an invalid commit, or one that cannot be saved, changes nothing")
    func failedCommitChangesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/console.conf"
        let store = try ConfigurationStore.load(board: nil, provisioningFile: nil, consoleLayerPath: path)
        #expect(throws: ConfigurationStore.CommitFailure.self) { try store.commit(["scanner.baud": "9601"]) }
        #expect(access(path, F_OK) != 0)
        #expect(store.settings.scanner.baudRate == nil)

        guard getuid() != 0 else { return }  // root writes into a read-only directory anyway
        chmod(directory.path, 0o500)
        #expect(throws: ConfigurationStore.CommitFailure.self) { try store.commit(["scanner.baud": "9600"]) }
        #expect(store.settings.scanner.baudRate == nil)
    }

    @Test("a bad provisioning file is refused with every problem and its line")
    func badProvisioningFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try AtomicFile.write(Array("scanner.baud = 7\nscanner.profile = acme\n".utf8), to: directory.path + "/p.conf")
        do {
            _ = try ConfigurationStore.load(board: nil, provisioningFile: directory.path + "/p.conf", consoleLayerPath: directory.path + "/console.conf")
            Issue.record("loaded a bad file")
        } catch {
            #expect(error.errors.map(\.location) == [directory.path + "/p.conf:1", directory.path + "/p.conf:2"])
        }
    }
}
