import Configuration
import Console
import FoundationEssentials
import Glibc
import Indicators
import Testing

/// The two-step load the composition root uses: file and console layers name the board, the
/// board's profile becomes the layer beneath them.
@Suite("Loading the agent's configuration")
struct AgentLoadingTests {
    static let boards = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/").prepending("/")) + "/boards"

    final class Files {
        let directory: String
        init() {
            var template = Array("/tmp/scanbridge-load-XXXXXX".utf8CString)
            directory = String(cString: mkdtemp(&template)!)
        }
        func write(_ name: String, _ text: String) throws {
            try AtomicFile.write(Array(text.utf8), to: directory + "/" + name)
        }
        func remove() {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test("a named board's ports sit under the file; console changes sit over both")
    func namedBoard() throws {
        let files = Files()
        defer { files.remove() }
        try files.write("scanbridge.conf", "board.name = rpi4\nboard.directory = \(Self.boards)\n")
        try files.write("console.conf", "console.port = /dev/ttyS0\n")
        let (store, board) = try ConfigurationStore.loadAgent(provisioningFile: files.directory + "/scanbridge.conf",
                                                              consoleLayerPath: files.directory + "/console.conf")
        #expect(board?.id == "rpi4")
        #expect(store.settings.scanner.location == .path("/dev/ttyAMA0"))
        #expect(store.configuration.resolved("scanner.port")?.layer.kind == .board)
        #expect(store.settings.console.port == "/dev/ttyS0")
    }

    @Test("board.name = auto picks the board from the device tree's compatible list")
    func detectedBoard() throws {
        let files = Files()
        defer { files.remove() }
        try files.write("scanbridge.conf", "board.directory = \(Self.boards)\n")
        try files.write("compatible", "raspberrypi,4-model-b\u{0}brcm,bcm2711\u{0}")
        let (_, board) = try ConfigurationStore.loadAgent(provisioningFile: files.directory + "/scanbridge.conf",
                                                          consoleLayerPath: files.directory + "/console.conf",
                                                          compatibleFile: files.directory + "/compatible")
        #expect(board?.id == "rpi4")
    }

    @Test("an unknown board is refused with the line that named it")
    func unknownBoard() throws {
        let files = Files()
        defer { files.remove() }
        try files.write("scanbridge.conf", "board.directory = \(Self.boards)\nboard.name = rpi9\n")
        do {
            _ = try ConfigurationStore.loadAgent(provisioningFile: files.directory + "/scanbridge.conf", consoleLayerPath: files.directory + "/console.conf")
            Issue.record("loaded an unknown board")
        } catch {
            #expect(error.issues.first?.location == files.directory + "/scanbridge.conf:2")
            #expect(error.issues.first?.message.contains("rpi9") == true)
        }
    }
}

extension String {
    func prepending(_ prefix: String) -> String { prefix + self }
}
