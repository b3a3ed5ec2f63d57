import Foundation
import Testing

@Suite("udev rules")
struct UdevRulesTests {
    static let files = ["60-scanbridge-scanners.rules", "61-scanbridge-gpio.rules"]

    static func rules(_ name: String) throws -> [UdevRule] {
        let path = repositoryRoot + "/udev/" + name
        return try UdevRuleParser.parse(String(contentsOfFile: path, encoding: .utf8), file: name)
    }

    @Test(arguments: files)
    func everyRuleParsesAndDoesSomething(file: String) throws {
        let rules = try Self.rules(file)
        #expect(!rules.isEmpty)
        for rule in rules where rule.values("LABEL").isEmpty {
            #expect(rule.pairs.contains { $0.op.isMatch }, "\(file):\(rule.line) matches nothing")
            #expect(rule.pairs.contains { !$0.op.isMatch }, "\(file):\(rule.line) changes nothing")
        }
        let labels = Set(rules.flatMap { $0.values("LABEL") })
        for rule in rules {
            for target in rule.values("GOTO") { #expect(labels.contains(target), "\(file):\(rule.line) GOTO \(target) has no LABEL") }
            for mode in rule.values("MODE") { #expect(mode.count == 4 && mode.allSatisfy { ("0"..."7").contains($0) }) }
            for group in rule.values("GROUP") { #expect(group == "scanbridge") }
            for id in rule.values("ATTRS", attribute: "idVendor") + rule.values("ATTRS", attribute: "idProduct")
                + rule.values("ATTR", attribute: "idVendor") {
                for alternative in id.split(separator: "|") {
                    #expect(alternative.count == 4 && alternative.allSatisfy { $0.isHexDigit && !$0.isUppercase || $0 == "?" },
                            "\(file):\(rule.line) USB id \(alternative) must be 4 lowercase hex digits")
                }
            }
        }
    }

    @Test func theParserCatchesWhatUdevOnlyWarnsAbout() {
        let bad = [
            "SUBSYSTEM==\"tty\" KERNEL==\"ttyACM0\", GROUP=\"scanbridge\"",
            "SUBSYSTEM==\"tty\", ATTRS{idVendor}=\"0c2e\", GROUP=\"scanbridge\"",
            "SUBSYSTEM==\"tty\", FOO=\"1\"",
            "SUBSYSTEM==\"tty\", ENV=\"1\"",
            "SUBSYSTEM==\"tty\", MODE=0660",
            "SUBSYSTEM==\"tty\", GROUP==\"scanbridge\"",
        ]
        for line in bad {
            #expect(throws: UdevSyntaxError.self, "\(line)") { try UdevRuleParser.parse(line, file: "bad.rules") }
        }
    }

    @Test func everyScannerVendorGetsASymlinkAndIsHiddenFromModemManager() throws {
        let rules = try Self.rules(Self.files[0])
        let vendors = Set(rules.flatMap { $0.values("ATTRS", attribute: "idVendor") })
        #expect(vendors == ["0c2e", "05e0", "1eab", "05f9", "27dd"])
        #expect(rules.flatMap { $0.values("ATTRS", attribute: "idProduct") }.contains("??06"), "Newland CDC PIDs end in 06")
        let access = try #require(rules.first { !$0.values("SYMLINK").isEmpty })
        #expect(access.values("SYMLINK") == ["scanbridge/scanner", "scanbridge/$env{SCANBRIDGE_SCANNER}-%n"])
        #expect(access.values("ENV", attribute: "ID_MM_DEVICE_IGNORE") == ["1"])
        #expect(access.values("MODE") == ["0660"])
        let usb = try #require(rules.first { $0.values("SUBSYSTEM") == ["usb"] })
        #expect(usb.values("ENV", attribute: "ID_MM_DEVICE_IGNORE") == ["1"])
        let ftdi = try #require(rules.first { $0.values("DRIVER") == ["ftdi_sio"] })
        #expect(ftdi.values("ATTR", attribute: "latency_timer") == ["1"])
    }

    @Test func gpioChipsAndPWMAreOpenedToTheServiceGroup() throws {
        let rules = try Self.rules(Self.files[1])
        let chips = try #require(rules.first { $0.values("KERNEL") == ["gpiochip[0-9]*"] })
        #expect(chips.values("GROUP") == ["scanbridge"] && chips.values("MODE") == ["0660"])
        #expect(rules.contains { $0.values("SUBSYSTEM") == ["pwm"] && $0.values("RUN").contains { $0.contains("chgrp") } })
        #expect(rules.contains { $0.values("SUBSYSTEM") == ["leds"] })
    }

    /// LEDs and PWM chips exist from boot, long before the package is installed, and the
    /// postinst's `udevadm trigger` sends them `change`, never `add`: a rule for `add` alone left
    /// the emulated board's LED root:root 644 (scripts/arm-box).
    @Test func sysfsRulesAlsoRunOnChange() throws {
        let rules = try Self.rules(Self.files[1])
        for subsystem in ["leds", "pwm"] {
            let rule = try #require(rules.first { $0.values("SUBSYSTEM") == [subsystem] })
            let actions = rule.values("ACTION").flatMap { $0.split(separator: "|").map(String.init) }
            #expect(actions.contains("add") && actions.contains("change"), "\(subsystem): ACTION \(actions)")
        }
    }

    /// udev's own parser, where it can be run: Debian 12's udevadm has no `verify`, but
    /// `udevadm test` reads every rules file and names each line it rejects. Our files are
    /// bind-mounted over /etc/udev/rules.d in a private mount namespace, so the host is untouched.
    @Test(.enabled(if: UdevadmCheck.available, "needs udevadm, unshare and mount namespaces (root)"))
    func udevItselfAcceptsEveryLine() throws {
        let output = try UdevadmCheck.run(rulesDirectory: repositoryRoot + "/udev")
        for file in Self.files {
            #expect(output.contains("Reading rules file: /etc/udev/rules.d/\(file)"), "udevadm did not read \(file)")
        }
        let complaints = output.split(separator: "\n").filter { line in
            Self.files.contains { line.contains("/etc/udev/rules.d/\($0):") }
                // The group is created when the package is installed, not on this machine.
                && !line.hasSuffix("Unknown group 'scanbridge', ignoring")
        }
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")
    }
}

enum UdevadmCheck {
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/udevadm") || FileManager.default.isExecutableFile(atPath: "/bin/udevadm"),
              FileManager.default.fileExists(atPath: "/sys/class/tty/ttyS0") || FileManager.default.fileExists(atPath: "/sys/class/tty/tty0")
        else { return false }
        return (try? shell("unshare -m true").status) == 0
    }()

    static func run(rulesDirectory: String) throws -> String {
        let device = FileManager.default.fileExists(atPath: "/sys/class/tty/ttyS0") ? "/sys/class/tty/ttyS0" : "/sys/class/tty/tty0"
        return try shell("unshare -m sh -c 'mount --bind \"\(rulesDirectory)\" /etc/udev/rules.d && udevadm test \(device)'").output
    }

    static func shell(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>&1"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
