import Money

/// What a key holds, how it is written, and the check that says what is wrong and what is
/// allowed. Every check parses with the same function `AgentSettings` uses, so a value that
/// passes validation always builds.
public struct ValueType: Sendable {
    /// Short name for the docs: `duration`, `integer`, `path`, …
    public let name: String
    /// What is allowed, in words, for messages and docs.
    public let allowed: String
    /// Values offered by tab completion (choices), empty otherwise.
    public let choices: [String]
    let check: @Sendable (String) -> String?

    public init(name: String, allowed: String, choices: [String] = [], check: @escaping @Sendable (String) -> String?) {
        self.name = name
        self.allowed = allowed
        self.choices = choices
        self.check = check
    }

    /// nil when `value` is acceptable, otherwise what is wrong (without the key's name).
    public func problem(with value: String) -> String? {
        check(value)
    }
}

extension ValueType {
    static func text(maxLength: Int = 128, allowEmpty: Bool = false) -> ValueType {
        ValueType(name: "text", allowed: "printable text, at most \(maxLength) characters") { value in
            if value.isEmpty && !allowEmpty { return "must not be empty" }
            if value.count > maxLength { return "is \(value.count) characters long; at most \(maxLength) allowed" }
            if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "contains control characters" }
            return nil
        }
    }

    /// Letters, digits, `-`, `_` and `.`: ids the acquirer or a file name takes as they are.
    static func identifier(maxLength: Int = 64) -> ValueType {
        ValueType(name: "identifier", allowed: "letters, digits, '-', '_' and '.', 1 to \(maxLength) characters") { value in
            guard !value.isEmpty, value.count <= maxLength else { return "must be 1 to \(maxLength) characters long" }
            guard value.unicodeScalars.allSatisfy({ $0.isASCIIIdentifier }) else { return "may contain only letters, digits, '-', '_' and '.'" }
            return nil
        }
    }

    static func integer(_ range: ClosedRange<Int>) -> ValueType {
        ValueType(name: "integer", allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)") { value in
            guard let number = Int(value) else { return "is not a whole number" }
            return range.contains(number) ? nil : "is out of range; allowed \(range.lowerBound) to \(range.upperBound)"
        }
    }

    static func oneOf(_ values: [String]) -> ValueType {
        ValueType(name: "choice", allowed: "one of " + values.joined(separator: ", "), choices: values) { value in
            values.contains(value) ? nil : "is not allowed; use one of \(values.joined(separator: ", "))"
        }
    }

    static let boolean = oneOf(["true", "false"])

    static func duration(_ range: ClosedRange<Duration>) -> ValueType {
        let allowed = "a duration such as 500ms, 3s, 5m, 12h or 90d, from \(ValueParser.render(range.lowerBound)) to \(ValueParser.render(range.upperBound))"
        return ValueType(name: "duration", allowed: allowed) { value in
            guard let duration = ValueParser.duration(value) else { return "is not a duration; write a number and ms, s, m, h or d (e.g. 3s)" }
            guard range.contains(duration) else {
                return "is out of range; allowed \(ValueParser.render(range.lowerBound)) to \(ValueParser.render(range.upperBound))"
            }
            return nil
        }
    }

    static let clockTime = ValueType(name: "time", allowed: "a clock time and its UTC offset, HH:MM+HH:MM (e.g. 00:15+08:00)") { value in
        ValueParser.clockTime(value) == nil ? "is not a time with an offset; write HH:MM+HH:MM, e.g. 00:15+08:00" : nil
    }

    static let quietHours = ValueType(name: "window", allowed: "none, or HH:MM-HH:MM+HH:MM (e.g. 22:00-07:00+08:00)") { value in
        value == "none" || ValueParser.dailyWindow(value) != nil ? nil
            : "is not a window; write HH:MM-HH:MM and the UTC offset, e.g. 22:00-07:00+08:00, or none"
    }

    static func byteSize(_ range: ClosedRange<Int64>) -> ValueType {
        ValueType(name: "size", allowed: "a size such as 512KiB, 64MiB or 1GiB, from \(ValueParser.render(bytes: range.lowerBound)) to \(ValueParser.render(bytes: range.upperBound))") { value in
            guard let bytes = ValueParser.bytes(value) else { return "is not a size; write a number and KiB, MiB or GiB (e.g. 64MiB)" }
            return range.contains(bytes) ? nil : "is out of range; allowed \(ValueParser.render(bytes: range.lowerBound)) to \(ValueParser.render(bytes: range.upperBound))"
        }
    }

    static let absolutePath = ValueType(name: "path", allowed: "an absolute path (starting with /, no ..)") { value in
        guard value.hasPrefix("/") else { return "must be an absolute path (starting with /)" }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return "contains control characters" }
        guard !value.split(separator: "/").contains("..") else { return "must not contain '..'" }
        return nil
    }

    static let baudRate = ValueType(
        name: "baud", allowed: "one of " + ValueParser.baudRates.map(String.init).joined(separator: ", "),
        choices: ValueParser.baudRates.map(String.init)
    ) { value in
        guard let rate = Int(value), ValueParser.baudRates.contains(rate) else {
            return "is not a supported baud rate; use one of \(ValueParser.baudRates.map(String.init).joined(separator: ", "))"
        }
        return nil
    }

    static let usbID = ValueType(name: "usb-id", allowed: "vendor and product id in hex as VID:PID, e.g. 0c2e:0b6a") { value in
        ValueParser.usbID(value) == nil ? "is not a USB id; write VID:PID in hex, e.g. 0c2e:0b6a" : nil
    }

    static let baseURL = ValueType(name: "url", allowed: "https://host[:port] (plain http only to 127.0.0.1, localhost or [::1])") { value in
        ValueParser.baseURLProblem(value)
    }

    static let brokerAddress = ValueType(name: "broker", allowed: "mqtts://host[:port], or mqtt://host[:port] / host:port to loopback only") { value in
        switch ValueParser.broker(value) {
        case .failure(let problem): problem.description
        case .success: nil
        }
    }

    static let currency = ValueType(name: "currency", allowed: "an ISO 4217 code such as SGD, MYR, HKD, PHP") { value in
        (try? Currency(code: value)) == nil ? "is not a currency this agent knows; use an ISO 4217 code such as SGD" : nil
    }

    static let decimalAmount = ValueType(name: "amount", allowed: "a positive decimal amount such as 12.50 (in amount.currency)") { value in
        guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              value.filter({ $0 == "." }).count <= 1 else { return "is not an amount; write digits with an optional decimal point, e.g. 12.50" }
        return nil
    }

    static let mcc = ValueType(name: "mcc", allowed: "a 4-digit merchant category code, e.g. 5812") { value in
        value.count == 4 && value.allSatisfy({ $0.isASCII && $0.isNumber }) ? nil : "must be 4 digits"
    }

    static let listenAddress = ValueType(name: "address", allowed: "an IPv4 or IPv6 address to listen on, e.g. 0.0.0.0 or 127.0.0.1") { value in
        ValueParser.isIPAddress(value) ? nil : "is not an IP address"
    }

    static let publicKeyPin = ValueType(name: "pin", allowed: "sha256//<base64> (several joined by ';'), or the absolute path of a PEM/DER public key") { value in
        if value.hasPrefix("/") { return nil }
        let pins = value.split(separator: ";", omittingEmptySubsequences: false)
        for pin in pins {
            guard pin.hasPrefix("sha256//"), pin.count > 8,
                  pin.dropFirst(8).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) })
            else { return "is not a public-key pin; write sha256//<base64>, or give a key file path" }
        }
        return nil
    }

    /// `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`, as `scanbridge config pin-hash` and the
    /// console's `passwd` write it.
    static let pinHash = ValueType(name: "pin-hash", allowed: "a hash made by `scanbridge config pin-hash` (pbkdf2-sha256$…)") { value in
        PinHashFormat.parse(value) == nil ? "is not a PIN hash; make one with `scanbridge config pin-hash`" : nil
    }

    /// Pattern specs are parsed by the Indicators module; here only the shape is checked, and the
    /// composition root (and `config check`) hand the full check in through `Validator`.
    static let patternSpec = ValueType(name: "pattern", allowed: "a pattern spec, e.g. green+buzzer:120ms green:1880ms; repeat=1; priority=80") { value in
        value.split(separator: ";").first.map { $0.contains(":") } == true ? nil : "is not a pattern spec; write steps like green:500ms off:500ms"
    }
}

extension Unicode.Scalar {
    var isASCIIIdentifier: Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x2D, 0x5F, 0x2E: true
        default: false
        }
    }
}
