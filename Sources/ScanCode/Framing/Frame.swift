/// One complete read from the scanner, borrowed from the decoder's buffer: valid only inside the
/// callback that receives it. Copy what must outlive the callback (a `PaymentCode` does).
public struct Frame {
    /// The AIM identifier the scanner put in front, already stripped from `payload`.
    public let aim: AIMIdentifier?
    /// The data the symbol carried, without identifier or terminator.
    public let payload: UnsafeBufferPointer<UInt8>
    /// How the frame ended.
    public let ending: Ending

    public enum Ending: Sendable, Equatable {
        /// A configured terminator byte (CR, LF, TAB, ETX).
        case terminator
        /// Silence longer than the inter-byte timeout: scanners without a suffix, or a cut-off line.
        case timeout
    }
}

/// What the decoder threw away, and why. Counted, reported, never buffered.
public enum DroppedFrame: Hashable, Sendable {
    /// Longer than `FramingRules.maxFrameLength`; `length` is what was seen (terminator excluded).
    case oversize(length: Int)
    /// Contained a control byte that is not a terminator (value of the first one).
    case controlByte(UInt8)
    /// Contained a byte ≥ 0x80 (value of the first one): not a printable ASCII read.
    case nonASCII(UInt8)
    /// The scanner answering a host command (ACK/NAK, Newland STX…ETX reply), not a read.
    case deviceReply
}

/// What one decoded stretch of bytes turned out to be.
public enum DecoderOutput {
    case frame(Frame)
    case dropped(DroppedFrame)
}

/// Running totals, for the console's status and for tests.
public struct DecoderCounters: Hashable, Sendable {
    public var frames = 0
    public var oversize = 0
    public var invalidBytes = 0
    public var deviceReplies = 0
    public var timeoutFlushes = 0
    public init() {}
}
