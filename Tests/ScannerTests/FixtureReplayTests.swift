import Glibc
import Scanner
import ScannerSimulator
import SerialIO
import Testing

/// One `.scan` fixture: its profile and the writes it makes.
struct ScanFixture: CustomStringConvertible {
    enum Step {
        case write([UInt8])
        case drip([UInt8], gap: Duration)
        case pause(Duration)
    }

    let name: String
    let profile: ScannerProfile
    let steps: [Step]
    let expected: [String]

    var description: String { name }

    static let directory = String(#filePath.prefix(upTo: #filePath.lastIndex(of: "/")!)) + "/Fixtures"

    static func all() throws -> [ScanFixture] {
        guard let dir = opendir(directory) else { throw FixtureError("cannot open \(directory)") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".scan") { names.append(String(name.dropLast(5))) }
        }
        return try names.sorted().map(load)
    }

    static func load(_ name: String) throws -> ScanFixture {
        let scan = try readText(directory + "/\(name).scan")
        let expected = try readText(directory + "/\(name).expected").split(separator: "\n").map(String.init)
        var profile = ScannerProfile.generic
        var steps: [Step] = []
        var dripGap: Duration?
        for line in scan.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# profile:") {
                profile = try ScannerProfile.named(line.dropFirst("# profile:".count).trimmingCharacters())
            } else if line.hasPrefix("# inter-byte-timeout:") {
                profile.interByteTimeout = .milliseconds(Int(line.dropFirst("# inter-byte-timeout:".count).trimmingCharacters()) ?? 150)
            } else if line.hasPrefix("#") {
                continue
            } else if line.hasPrefix("@drip ") {
                dripGap = .milliseconds(Int(line.dropFirst(6)) ?? 1)
            } else if line.hasPrefix("@pause ") {
                steps.append(.pause(.milliseconds(Int(line.dropFirst(7)) ?? 1)))
            } else {
                let bytes = try unescape(String(line))
                steps.append(dripGap.map { .drip(bytes, gap: $0) } ?? .write(bytes))
                dripGap = nil
            }
        }
        return ScanFixture(name: name, profile: profile, steps: steps, expected: expected)
    }

    static func unescape(_ line: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(line.utf8)[...]
        while let c = chars.popFirst() {
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            switch chars.popFirst() {
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "x"):
                let hex = String(decoding: chars.prefix(2), as: UTF8.self)
                chars = chars.dropFirst(2)
                guard let value = UInt8(hex, radix: 16) else { throw FixtureError("bad escape \\x\(hex) in \(line)") }
                out.append(value)
            default: throw FixtureError("bad escape in \(line)")
            }
        }
        return out
    }

    static func readText(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { throw FixtureError("cannot read \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n == 0 { break }
            bytes += buffer[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

@Suite("Scanner fixtures replayed through a pseudo-terminal")
struct FixtureReplayTests {
    @Test func everyFixtureHasExpectations() throws {
        let fixtures = try ScanFixture.all()
        #expect(fixtures.count >= 6)
        for fixture in fixtures { #expect(!fixture.expected.isEmpty, "\(fixture.name).expected is empty") }
    }

    @Test(arguments: try ScanFixture.all())
    func replay(fixture: ScanFixture) async throws {
        let scanner = try ScriptedScanner()
        let harness = try ScannerHarness(location: .path(scanner.path), profile: fixture.profile)
        #expect(await harness.waitForConnections(1))
        for step in fixture.steps {
            switch step {
            case .write(let bytes): try scanner.terminal.write(bytes)
            case .drip(let bytes, let gap): try await scanner.drip(bytes, gap: gap)
            case .pause(let duration): try await Task.sleep(for: duration)
            }
        }
        #expect(await harness.waitForScans(fixture.expected.count))
        await harness.stop()
        #expect(harness.scanLines == fixture.expected)
    }
}
