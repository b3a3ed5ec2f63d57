/// A Newland serial programming command: `~<SOH>0000`, `#` (temporary) or `@` (permanent),
/// a 3-character tag and subtag, data, then `;<ETX>`. The engine answers STX SOH 0000 … ACK ; ETX.
public struct NewlandCommand: Hashable, Sendable {
    public enum Storage: UInt8, Sendable {
        case temporary = 0x23  // '#'
        case permanent = 0x40  // '@'
    }

    public var storage: Storage
    public var tag: String
    public var subtag: String
    public var data: String

    public init(storage: Storage = .temporary, tag: String, subtag: String, data: String) {
        self.storage = storage
        self.tag = tag
        self.subtag = subtag
        self.data = data
    }

    /// The bytes on the wire. Newland wants commands in upper case.
    /// Built in steps: the one-expression form of this took Swift 6.2's type checker past its
    /// time limit (Debian sid's swiftlang 6.2.3, scripts/arm-build).
    public var bytes: [UInt8] {
        var out: [UInt8] = [0x7E, 0x01]
        out.append(contentsOf: "0000".utf8)
        out.append(storage.rawValue)
        out.append(contentsOf: (tag + subtag).uppercased().utf8)
        out.append(contentsOf: data.utf8)
        out.append(contentsOf: [UInt8(ascii: ";"), 0x03])
        return out
    }
}
