@testable import Configuration
import Testing

@Suite("Layers")
struct LayeringTests {
    static let board = ConfigurationLayer.board(id: "rpi4", scannerPort: "/dev/ttyAMA0", consolePort: "/dev/ttyGS0",
                                                patterns: ["armed": "blue:500ms off:500ms"])

    @Test("defaults < board < file < console, key by key", arguments: [
        // key, file value, console value, expected value, expected layer
        ("scanner.port", nil, nil, "/dev/ttyAMA0", ConfigurationLayer.Kind.board),
        ("scanner.port", "/dev/scanbridge/scanner", nil, "/dev/scanbridge/scanner", .file),
        ("scanner.port", "/dev/scanbridge/scanner", "/dev/ttyUSB0", "/dev/ttyUSB0", .console),
        ("scanner.profile", nil, nil, "generic", .defaults),
        ("scanner.profile", "honeywell", nil, "honeywell", .file),
        ("console.idle-logout", "10m", "2m", "2m", .console),
        ("indicators.pattern.armed", nil, nil, "blue:500ms off:500ms", .board),
    ] as [(String, String?, String?, String, ConfigurationLayer.Kind)])
    func layering(key: String, file: String?, console: String?, expected: String, layer: ConfigurationLayer.Kind) throws {
        var fileLayer = ConfigurationLayer(.file, origin: "scanbridge.conf")
        fileLayer[key] = file
        var consoleLayer = ConfigurationLayer(.console, origin: "console.conf")
        consoleLayer[key] = console
        let configuration = LayeredConfiguration(board: Self.board, file: fileLayer, console: consoleLayer)
        let resolved = try #require(configuration.resolved(key))
        #expect(resolved.value == expected)
        #expect(resolved.layer.kind == layer)
    }

    @Test("typed settings from a full provisioning file")
    func typedSettings() throws {
        let text = """
            # A fleet's provisioning file
            scanner.usb = 0c2e:0b6a          # Honeywell on USB
            scanner.profile = honeywell
            scanner.baud = 115200
            scanner.duplicate-window = 1500ms
            acquirer.base-url = http://127.0.0.1:8080
            acquirer.client-id = SANDBOX_5YBZ1
            acquirer.merchant-id = M1
            acquirer.merchant-name = "Kopi #1 Stall"
            acquirer.merchant-mcc = 5812
            acquirer.store-id = S1
            acquirer.store-name = Kopi Stall
            acquirer.terminal-id = T001
            acquirer.settlement-currency = SGD
            journal.max-size = 64MiB
            journal.retention = 30d
            settlement.max-inquiries = 10
            amount.source = fixed
            amount.fixed = 12.50
            amount.currency = SGD
            board.name = auto
            """
        let (layer, issues) = ConfigFileFormat.parse(text, kind: .file, origin: "p.conf")
        #expect(issues.isEmpty)
        let settings = try AgentSettings.build(LayeredConfiguration(board: Self.board, file: layer))
        #expect(settings.scanner.location == .usb(vendorID: 0x0C2E, productID: 0x0B6A))
        #expect(settings.scanner.baudRate == 115_200)
        #expect(settings.scanner.duplicateWindow == .milliseconds(1500))
        #expect(settings.acquirer.merchantName == "Kopi #1 Stall")
        #expect(settings.acquirer.storeMCC == "5812")
        #expect(settings.acquirer.isComplete)
        #expect(settings.journal.maxBytes == 64 << 20)
        #expect(settings.journal.retention == .seconds(30 * 86_400))
        #expect(settings.settlement.maxInquiries == 10)
        #expect(settings.settlement.inquiryInterval == .seconds(3))
        #expect(settings.amount.source == .fixed)
        #expect(settings.amount.fixed?.minorUnits == 1250)
        #expect(settings.board.name == nil)
        #expect(settings.console.port == "/dev/ttyGS0")
        #expect(settings.patterns["armed"] == "blue:500ms off:500ms")
    }

    @Test("the file format: comments, quotes, CRLF, and every malformed line reported with its number")
    func fileFormat() {
        let (layer, issues) = ConfigFileFormat.parse("a.b = 1\r\n# only a comment\n\nno equals sign\n = 3\nx.y = \"  spaced # kept\"\na.b = 2\n",
                                                     kind: .file, origin: "f.conf")
        #expect(layer["x.y"] == "  spaced # kept")
        #expect(layer["a.b"] == "2")
        #expect(issues.map(\.location) == ["f.conf:4", "f.conf:5", "f.conf:7"])
        #expect(issues[2].message.contains("set twice (first on line 1)"))
        let rendered = ConfigFileFormat.render(layer, header: "test")
        let (again, none) = ConfigFileFormat.parse(rendered, kind: .file, origin: "f.conf")
        #expect(none.isEmpty)
        #expect(again.entries.mapValues(\.value) == layer.entries.mapValues(\.value))
    }
}
