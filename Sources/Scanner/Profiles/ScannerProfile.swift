import ScanCode
import SerialIO

/// What the agent must know about a scanner model: line settings, how frames end, whether AIM
/// identifiers come first, and the bytes that start and stop a read in host-trigger mode.
/// Built-in profiles cover the common modules; every field can be overridden in configuration.
public struct ScannerProfile: Hashable, Sendable {
    public var name: String
    public var serial: SerialSettings
    public var framing: FramingRules
    /// Silence after which a frame without terminator is ended anyway.
    public var interByteTimeout: Duration
    /// Sent to start a read (manual/host trigger mode); nil when the scanner reads by itself.
    public var triggerOn: [UInt8]?
    /// Sent to stop a read.
    public var triggerOff: [UInt8]?

    public init(
        name: String, serial: SerialSettings, framing: FramingRules = FramingRules(),
        interByteTimeout: Duration = .milliseconds(150), triggerOn: [UInt8]? = nil, triggerOff: [UInt8]? = nil
    ) {
        self.name = name
        self.serial = serial
        self.framing = framing
        self.interByteTimeout = interByteTimeout
        self.triggerOn = triggerOn
        self.triggerOff = triggerOff
    }

    /// CR, LF, CRLF or TAB at 9600 8N1: what most modules do out of the box.
    public static let generic = ScannerProfile(
        name: "generic",
        serial: SerialSettings(baudRate: 9600),
        framing: FramingRules(terminators: [.cr, .lf, .tab])
    )

    /// Honeywell's RS-232 plug-and-play code: 115200 8N1, CR LF suffix; host trigger SYN T CR
    /// starts a read and SYN U CR stops it.
    public static let honeywell = ScannerProfile(
        name: "honeywell",
        serial: SerialSettings(baudRate: 115_200),
        framing: FramingRules(terminators: [.cr, .lf]),
        triggerOn: [0x16, UInt8(ascii: "T"), 0x0D],
        triggerOff: [0x16, UInt8(ascii: "U"), 0x0D]
    )

    /// Newland engines: reads end in CR; command replies come framed STX … ETX and are not reads.
    /// Commands are `~<SOH>0000` + storage + tag + subtag + data + `;<ETX>`.
    public static let newland = ScannerProfile(
        name: "newland",
        serial: SerialSettings(baudRate: 9600),
        framing: FramingRules(terminators: [.cr, .lf, .etx], deviceRepliesInSTXETX: true),
        triggerOn: NewlandCommand(tag: "SCN", subtag: "TRG", data: "1").bytes,
        triggerOff: NewlandCommand(tag: "SCN", subtag: "TRG", data: "0").bytes
    )

    /// Zebra/Symbol engines with SSI decode data sent unpacketed: plain ASCII plus a CR suffix.
    /// SSI wants RTS/CTS; without it the first byte after idle may be lost.
    public static let zebra = ScannerProfile(
        name: "zebra",
        serial: SerialSettings(baudRate: 9600, flowControl: .rtsCts),
        framing: FramingRules(terminators: [.cr, .lf])
    )

    public static let builtIn: [ScannerProfile] = [.generic, .honeywell, .newland, .zebra]

    /// The built-in profile called `name`; the error lists the names there are.
    public static func named(_ name: String) throws(ScannerProfileError) -> ScannerProfile {
        guard let profile = builtIn.first(where: { $0.name == name.lowercased() }) else {
            throw .unknownProfile(name, known: builtIn.map(\.name))
        }
        return profile
    }
}

public enum ScannerProfileError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownProfile(String, known: [String])

    public var description: String {
        switch self {
        case .unknownProfile(let name, let known):
            "unknown scanner profile '\(name)'; known profiles: \(known.joined(separator: ", "))"
        }
    }
}
