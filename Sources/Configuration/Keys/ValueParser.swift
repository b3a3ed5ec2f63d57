import POSIX

/// A time of day at a fixed UTC offset.
public struct ClockTime: Hashable, Sendable {
    public var minuteOfDay: Int
    public var utcOffsetSeconds: Int

    public init(minuteOfDay: Int, utcOffsetSeconds: Int) {
        self.minuteOfDay = minuteOfDay
        self.utcOffsetSeconds = utcOffsetSeconds
    }
}

/// A window of the day, in local time at a fixed UTC offset (the voice's quiet hours).
public struct DailyWindow: Hashable, Sendable {
    public var startMinute: Int
    public var endMinute: Int
    public var utcOffsetSeconds: Int

    public init(startMinute: Int, endMinute: Int, utcOffsetSeconds: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.utcOffsetSeconds = utcOffsetSeconds
    }
}

/// Text → typed value for the configuration's formats. The same functions check a value and build
/// `AgentSettings`, so a value that validated always builds.
public enum ValueParser {
    public static let baudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600]

    /// `500ms`, `3s`, `5m`, `12h`, `90d`; a bare number is refused (seconds or milliseconds?).
    public static func duration(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, milliseconds) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(number),
                  value <= Int64.max / milliseconds / 1_000_000 else { continue }
            return .milliseconds(value * milliseconds)
        }
        return nil
    }

    /// The shortest exact spelling: 3000 ms → `3s`, 90 days → `90d`.
    public static func render(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        for (suffix, unit) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where ms != 0 && ms % unit == 0 {
            return "\(ms / unit)\(suffix)"
        }
        return "\(ms)ms"
    }

    /// `00:15+08:00`: a clock time and the UTC offset it is read at (the cancel deadline).
    public static func clockTime(_ text: String) -> ClockTime? {
        let bytes = Array(text.utf8)
        guard bytes.count == 11, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: "+") || bytes[5] == UInt8(ascii: "-"),
              bytes[8] == UInt8(ascii: ":") else { return nil }
        func number(_ at: Int) -> Int? {
            let pair = bytes[at...(at + 1)]
            guard pair.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(pair[at] - 0x30) * 10 + Int(pair[at + 1] - 0x30)
        }
        guard let hour = number(0), let minute = number(3), let offsetHours = number(6), let offsetMinutes = number(9),
              hour < 24, minute < 60, offsetMinutes < 60, offsetHours * 60 + offsetMinutes <= 14 * 60 else { return nil }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[5] == UInt8(ascii: "-") ? -1 : 1)
        return ClockTime(minuteOfDay: hour * 60 + minute, utcOffsetSeconds: offset)
    }

    /// `22:00-07:00+08:00`: a daily window at a UTC offset (it may span midnight); the two times
    /// must differ.
    public static func dailyWindow(_ text: String) -> DailyWindow? {
        guard text.utf8.count == 17, text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: 5)] == UInt8(ascii: "-") else { return nil }
        let start = String(text.prefix(5)) + String(text.suffix(6))
        guard let from = clockTime(start), let until = clockTime(String(text.dropFirst(6))), from.minuteOfDay != until.minuteOfDay else {
            return nil
        }
        return DailyWindow(startMinute: from.minuteOfDay, endMinute: until.minuteOfDay, utcOffsetSeconds: from.utcOffsetSeconds)
    }

    /// `4096`, `512KiB`, `64MiB`, `1GiB`.
    public static func bytes(_ text: String) -> Int64? {
        for (suffix, unit) in [("KiB", Int64(1024)), ("MiB", 1 << 20), ("GiB", 1 << 30)] where text.hasSuffix(suffix) {
            guard let value = Int64(text.dropLast(3)), value >= 0, value <= Int64.max / unit else { return nil }
            return value * unit
        }
        return Int64(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    public static func render(bytes: Int64) -> String {
        for (suffix, unit) in [("GiB", Int64(1 << 30)), ("MiB", 1 << 20), ("KiB", 1024)] where bytes != 0 && bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return "\(bytes)"
    }

    /// `VID:PID` in hex.
    public static func usbID(_ text: String) -> (vendor: UInt16, product: UInt16)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }),
              let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16) else { return nil }
        return (vendor, product)
    }

    /// Payment traffic never leaves the box unencrypted: plain http only to loopback (the simulator).
    static func baseURLProblem(_ value: String) -> String? {
        let lower = value.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = lower.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = lower.dropFirst(7)
            let host = rest.hasPrefix("[") ? rest.prefix { $0 != "]" }.dropFirst() : rest.prefix { $0 != ":" && $0 != "/" }
            guard ["127.0.0.1", "localhost", "::1"].contains(String(host)) else {
                return "uses plain http to \(host); only https is allowed beyond 127.0.0.1, localhost and [::1]"
            }
        } else {
            return "must start with https://"
        }
        guard !rest.isEmpty, !rest.hasPrefix("/"), !rest.hasPrefix(":") else { return "has no host" }
        guard !rest.contains("/") || rest.hasSuffix("/") && rest.filter({ $0 == "/" }).count == 1 else {
            return "must be scheme, host and port only, without a path"
        }
        guard rest.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return "contains spaces or non-ASCII characters" }
        return nil
    }

    static func isIPAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 {
            return parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } && (Int(part) ?? 256) <= 255
            }
        }
        // IPv6: hex groups and colons, at most one `::`.
        let allowed = text.allSatisfy { $0.isHexDigit || $0 == ":" }
        return allowed && text.contains(":") && text.ranges(of: "::").count <= 1 && text.count <= 39
    }
}

/// The stored form of a console PIN: `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`. Only the
/// format lives here; hashing and checking are in the Console module (OpenSSL).
public struct PinHashFormat: Hashable, Sendable {
    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    public init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    public static let scheme = "pbkdf2-sha256"

    public static func parse(_ text: String) -> PinHashFormat? {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]), (1_000...10_000_000).contains(iterations),
              let salt = hex(parts[2]), salt.count >= 8, let hash = hex(parts[3]), hash.count == 32 else { return nil }
        return PinHashFormat(iterations: iterations, salt: salt, hash: hash)
    }

    public var text: String {
        "\(Self.scheme)$\(iterations)$\(Self.hex(salt))$\(Self.hex(hash))"
    }

    static func hex(_ text: Substring) -> [UInt8]? {
        Hex.decode(text)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(bytes)
    }
}
