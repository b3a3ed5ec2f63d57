/// How a scanner delimits what it read. Profiles (Honeywell, Newland, Zebra, generic) fill this in;
/// the decoder only follows it.
public struct FramingRules: Hashable, Sendable {
    /// Bytes that end a frame. Empty frames (the LF of a CRLF) are skipped, so CR, LF and CRLF
    /// can all be enabled at once.
    public var terminators: Terminators
    /// Longest payload accepted, AIM identifier included. Longer frames are dropped up to the
    /// next terminator and counted; the decoder never buffers beyond this.
    public var maxFrameLength: Int
    /// The scanner sends AIM identifiers: strip them (when present) and report the symbology.
    public var aimIdentifiers: Bool
    /// A frame that opens with STX and ends with ETX is the scanner answering a command
    /// (Newland), not something it read.
    public var deviceRepliesInSTXETX: Bool

    public init(
        terminators: Terminators = [.cr, .lf, .tab],
        maxFrameLength: Int = 256,
        aimIdentifiers: Bool = true,
        deviceRepliesInSTXETX: Bool = false
    ) {
        self.terminators = terminators
        self.maxFrameLength = max(1, maxFrameLength)
        self.aimIdentifiers = aimIdentifiers
        self.deviceRepliesInSTXETX = deviceRepliesInSTXETX
    }

    public struct Terminators: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let cr = Terminators(rawValue: 1 << 0)
        public static let lf = Terminators(rawValue: 1 << 1)
        public static let tab = Terminators(rawValue: 1 << 2)
        public static let etx = Terminators(rawValue: 1 << 3)

        /// Every terminator is a control byte below 64, so membership is one shift and one mask.
        var byteMask: UInt64 {
            var mask: UInt64 = 0
            if contains(.cr) { mask |= 1 << 0x0D }
            if contains(.lf) { mask |= 1 << 0x0A }
            if contains(.tab) { mask |= 1 << 0x09 }
            if contains(.etx) { mask |= 1 << 0x03 }
            return mask
        }
    }
}
