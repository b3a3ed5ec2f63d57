import Glibc

/// A `.display` fixture (see Fixtures/README.md): header settings, then writes and scan steps.
struct DisplayFixture {
    enum Step: Equatable {
        case write([UInt8])
        case scan(suffix: String, outcome: String)
    }

    var currency = "USD"
    var steps: [Step] = []
    var expected: [String] = []

    /// All the bytes the fixture writes, in order.
    var bytes: [UInt8] {
        steps.flatMap { step -> [UInt8] in
            if case .write(let bytes) = step { return bytes }
            return []
        }
    }

    static func load(_ name: String, filePath: String = #filePath) throws -> DisplayFixture {
        let directory = filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/") + "/Fixtures/"
        var fixture = DisplayFixture()
        for line in try read(directory + name + ".display").split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("# currency: ") {
                fixture.currency = String(line.dropFirst("# currency: ".count))
            } else if line.hasPrefix("#") {
                continue
            } else if line.hasPrefix("@scan ") {
                let parts = line.split(separator: " ")
                fixture.steps.append(.scan(suffix: String(parts[1]), outcome: String(parts[2])))
            } else {
                fixture.steps.append(.write(unescape(line)))
            }
        }
        fixture.expected = try read(directory + name + ".expected").split(separator: "\n").map(String.init)
        return fixture
    }

    private static func read(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { throw FixtureError.missing(path) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func unescape(_ line: Substring) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(line.utf8)[...]
        while let byte = bytes.popFirst() {
            guard byte == UInt8(ascii: "\\"), let next = bytes.popFirst() else {
                out.append(byte)
                continue
            }
            switch next {
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "x"):
                let hex = String(decoding: bytes.prefix(2), as: UTF8.self)
                bytes = bytes.dropFirst(2)
                out.append(UInt8(hex, radix: 16) ?? 0)
            default: out.append(next)
            }
        }
        return out
    }

    enum FixtureError: Error {
        case missing(String)
    }
}
