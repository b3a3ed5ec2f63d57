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
    public var bytes: [UInt8] {
        [0x7E, 0x01] + Array("0000".utf8) + [storage.rawValue]
            + Array((tag + subtag).uppercased().utf8) + Array(data.utf8) + [UInt8(ascii: ";"), 0x03]
    }
}
