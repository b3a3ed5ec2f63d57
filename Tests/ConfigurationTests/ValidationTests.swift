@testable import Configuration
import Testing

@Suite("Validation")
struct ValidationTests {
    @Test("each bad value says what is wrong and what is allowed", arguments: [
        ("scanner.baud", "9601", "use one of 1200, 2400"),
        ("scanner.usb", "0c2e-0b6a", "write VID:PID in hex"),
        ("scanner.port", "dev/ttyS0", "must be an absolute path"),
        ("scanner.backend", "serial", "use one of automatic, libserialport, termios"),
        ("scanner.duplicate-window", "3", "write a number and ms, s, m, h or d"),
        ("scanner.duplicate-window", "2m", "allowed 0ms to 1m"),
        ("acquirer.base-url", "http://10.1.2.3", "only https is allowed beyond 127.0.0.1"),
        ("acquirer.base-url", "https://gw.example.com/ams/api", "without a path"),
        ("acquirer.client-id", "bad id!", "only letters, digits"),
        ("acquirer.merchant-mcc", "581", "must be 4 digits"),
        ("acquirer.pin", "md5//abc", "sha256//<base64>"),
        ("acquirer.settlement-currency", "XXX", "ISO 4217"),
        ("journal.max-size", "64MB", "KiB, MiB or GiB"),
        ("settlement.max-inquiries", "0", "allowed 1 to 200"),
        ("console.pin-hash", "1234", "scanbridge config pin-hash"),
        ("amount.source", "nfc", "use one of fixed, ecr, display-tap, console"),
        ("amount.ecr.listen", "localhost", "not an IP address"),
        ("amount.ecr.port", "70000", "allowed 1 to 65535"),
        ("log.level", "verbose", "use one of trace, debug"),
    ])
    func badValues(key: String, value: String, expected: String) throws {
        let layer = ConfigurationLayer(.file, origin: "p.conf", entries: [key: .init(value, line: 3)])
        let issues = Validator().check(layer)
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.location == "p.conf:3")
        #expect(issue.key == key)
        #expect(issue.message.contains(expected), "\(issue.message)")
    }

    @Test("good values pass", arguments: [
        ("scanner.usb", "0C2E:0b6a"), ("acquirer.base-url", "https://open-sea-global.alipay.com"),
        ("acquirer.base-url", "http://[::1]:8080"), ("acquirer.pin", "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE="),
        ("journal.max-size", "1GiB"), ("settlement.cancel-deadline", "00:15+08:00"), ("settlement.cancel-deadline", "23:59-03:30"), ("amount.ecr.listen", "::"),
        ("indicators.pattern.success", "green+buzzer:120ms green:1880ms; repeat=1; priority=80; hold=2s"),
    ])
    func goodValues(key: String, value: String) {
        #expect(Validator().check(ConfigurationLayer(.file, origin: "p", values: [key: value])).isEmpty)
    }

    @Test("unknown keys get a suggestion; rules between keys are checked")
    func crossChecks() {
        let layer = ConfigurationLayer(.file, origin: "p", values: ["console.idle-logot": "5m", "amount.source": "fixed"])
        let issues = Validator().issues(in: LayeredConfiguration(file: layer))
        #expect(issues.contains { $0.message.contains("did you mean console.idle-logout?") })
        #expect(issues.contains { $0.key == "amount.fixed" && $0.severity == .error && $0.message.contains("required when amount.source is fixed") })
        #expect(issues.contains { $0.key == "acquirer.client-id" && $0.severity == .warning })
        #expect(issues.contains { $0.key == "acquirer.settlement-currency" && $0.severity == .warning && $0.message.contains("settlementStrategy") })
        let settled = ConfigurationLayer(.file, origin: "p", values: ["acquirer.settlement-currency": "USD"])
        #expect(!Validator().issues(in: LayeredConfiguration(file: settled)).contains { $0.key == "acquirer.settlement-currency" })
        let tooPrecise = ConfigurationLayer(.file, origin: "p", values: ["amount.source": "fixed", "amount.fixed": "1.005", "amount.currency": "SGD"])
        #expect(Validator().issues(in: LayeredConfiguration(file: tooPrecise)).contains { $0.key == "amount.fixed" && $0.severity == .error })
    }

    @Test("an ECR link beyond loopback without a token is an error; with one, or on loopback, it is not")
    func ecrTokenBeyondLoopback() {
        func issues(_ values: [String: String]) -> [ConfigurationIssue] {
            Validator().issues(in: LayeredConfiguration(file: ConfigurationLayer(.file, origin: "p", values: values)))
                .filter { $0.key == "amount.ecr.token" }
        }
        let open = issues(["amount.source": "ecr", "amount.ecr.listen": "0.0.0.0"])
        #expect(open.count == 1 && open.first?.severity == .error && open.first?.message.contains("beyond loopback") == true)
        #expect(issues(["amount.source": "ecr", "amount.ecr.listen": "0.0.0.0", "amount.ecr.token": "t"]).isEmpty)
        #expect(issues(["amount.source": "ecr", "amount.ecr.listen": "127.0.0.1"]).isEmpty)
        #expect(issues(["amount.source": "ecr", "amount.ecr.listen": "0.0.0.0", "amount.ecr.serial-port": "/dev/ttyUSB1"]).isEmpty)
    }

    @Test("the cancel deadline reads as a clock time and its offset")
    func clockTime() {
        #expect(ValueParser.clockTime("00:15+08:00") == ClockTime(minuteOfDay: 15, utcOffsetSeconds: 8 * 3600))
        #expect(ValueParser.clockTime("23:59-03:30") == ClockTime(minuteOfDay: 23 * 60 + 59, utcOffsetSeconds: -(3 * 3600 + 1800)))
        for bad in ["0:15+08:00", "24:00+08:00", "00:60+08:00", "00:15+15:00", "00:15 08:00", "00:15", "00:15+8:00"] {
            #expect(ValueParser.clockTime(bad) == nil, "\(bad)")
        }
    }

    @Test("the bounded edit distance agrees with the full table, and gives up past its bound")
    func editDistanceAgreesWithTheTable() {
        func table(_ a: [UInt8], _ b: [UInt8]) -> Int {
            var d = (0...a.count).map { i in (0...b.count).map { j in i == 0 ? j : (j == 0 ? i : 0) } }
            for i in a.indices { for j in b.indices {
                d[i + 1][j + 1] = min(d[i][j + 1] + 1, d[i + 1][j] + 1, d[i][j] + (a[i] == b[j] ? 0 : 1))
            } }
            return d[a.count][b.count]
        }
        let words = ["", "a", "baud", "scanner.baud", "scanner.bud", "sacnner.baud", "journal.max-size", "console.idle-logot", "xyz", "ü.baud"]
        for a in words { for b in words { for limit in 0...20 {
            let full = table(Array(a.utf8), Array(b.utf8))
            #expect(ConfigKey.editDistance(Array(a.utf8), Array(b.utf8), atMost: limit) == (full <= limit ? full : nil), "\(a) \(b) \(limit)")
        } } }
        #expect(ConfigKey.suggestion(for: "scanner.bud") == "scanner.baud")
        #expect(ConfigKey.suggestion(for: "completely-unrelated-name") == nil)
    }

    @Test("display-tap needs its port; the serial ECR link and the tap reach the settings")
    func amountSourceLinks() throws {
        let missing = ConfigurationLayer(.file, origin: "p", values: ["amount.source": "display-tap"])
        #expect(Validator().issues(in: LayeredConfiguration(file: missing)).contains {
            $0.key == "amount.display-tap.port" && $0.severity == .error && $0.message.contains("required when amount.source is display-tap")
        })
        let tap = ConfigurationLayer(.file, origin: "p", values: [
            "amount.source": "display-tap", "amount.display-tap.port": "/dev/ttyUSB1", "amount.display-tap.format": "minor-units",
            "amount.ecr.serial-port": "/dev/ttyS2", "amount.ecr.baud": "19200",
        ])
        #expect(!Validator().issues(in: LayeredConfiguration(file: tap)).contains { ($0.key ?? "").hasPrefix("amount.") && $0.severity == .error })
        let settings = try AgentSettings.build(LayeredConfiguration(file: tap))
        #expect(settings.amount.displayTapPort == "/dev/ttyUSB1" && settings.amount.displayTapFormat == "minor-units")
        #expect(settings.amount.ecrSerialPort == "/dev/ttyS2" && settings.amount.ecrBaudRate == 19200)
        let badFormat = ConfigurationLayer(.file, origin: "p", values: ["amount.display-tap.format": "cents"])
        #expect(!Validator().check(badFormat).isEmpty)
    }

    @Test("a secret's value never appears in an issue")
    func secretsRedacted() {
        let layer = ConfigurationLayer(.file, origin: "p", values: ["console.pin-hash": "hunter2-plaintext"])
        let text = Validator().check(layer).map(\.description).joined()
        #expect(!text.contains("hunter2"))
        #expect(ConfigKey.named("amount.ecr.token")?.display("abc") == "<redacted>")
    }

    @Test("durations and sizes read and render both ways")
    func durationsAndSizes() {
        #expect(ValueParser.duration("500ms") == .milliseconds(500))
        #expect(ValueParser.duration("90d") == .seconds(90 * 86_400))
        #expect(ValueParser.duration("5") == nil)
        #expect(ValueParser.duration("-5s") == nil)
        #expect(ValueParser.render(.seconds(120)) == "2m")
        #expect(ValueParser.render(.milliseconds(1500)) == "1500ms")
        #expect(ValueParser.bytes("256MiB") == 256 << 20)
        #expect(ValueParser.render(bytes: 1 << 30) == "1GiB")
    }

    @Test("every catalog default is valid and the defaults build")
    func defaultsValid() throws {
        #expect(Validator().check(.defaults).isEmpty)
        let settings = try AgentSettings.build(LayeredConfiguration())
        #expect(settings.console.idleLogout == .seconds(300))
        #expect(settings.amount.currency.code == "SGD")
        #expect(Set(ConfigKey.catalog.map(\.name)).count == ConfigKey.catalog.count)
    }
}
