/// Turns a serial byte stream into frames, incrementally: one frame split over many reads and
/// many frames in one read come out the same. This is the hot path of every scan: it works in
/// one preallocated buffer and allocates nothing per frame.
public struct FrameDecoder: ~Copyable {
    public let rules: FramingRules
    public private(set) var counters = DecoderCounters()

    private let terminatorMask: UInt64
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    /// Bytes seen in the current frame, including those not stored (oversize).
    private var seen = 0
    private var firstInvalid: UInt8?

    public init(rules: FramingRules = FramingRules()) {
        self.rules = rules
        self.terminatorMask = rules.terminators.byteMask
        self.capacity = rules.maxFrameLength
        self.buffer = .allocate(capacity: rules.maxFrameLength)
    }

    deinit { buffer.deallocate() }

    /// True while bytes of an unfinished frame are held; the reader then arms the inter-byte timer.
    public var hasPartialFrame: Bool { seen > 0 }

    /// Feeds bytes as they came off the port; `output` is called once per frame or dropped frame.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ output: (DecoderOutput) -> Void) {
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time while they are all printable ASCII, which is almost every
            // byte a scanner sends; anything else goes byte by byte below.
            if index &+ 8 <= bytes.count, count &+ 8 <= capacity {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if Self.isPrintableASCII(word) {
                    UnsafeMutableRawPointer(buffer + count).storeBytes(of: word, as: UInt64.self)
                    count &+= 8
                    seen &+= 8
                    index &+= 8
                    continue
                }
            }
            let byte = bytes[index]
            index &+= 1
            if byte &- 0x20 < 0x5F, seen > 0 || byte != 0x06 {
                if count < capacity {
                    buffer[count] = byte
                    count &+= 1
                }
                seen &+= 1
            } else {
                consume(byte, output)
            }
        }
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>, _ output: (DecoderOutput) -> Void) {
        for byte in bytes { consume(byte, output) }
    }

    /// True when every byte of `word` is in 0x20…0x7E. A byte ≥ 0x80 sets its top bit; one
    /// below 0x20 sets it after subtracting 0x20; 0x7F sets it after adding 1 (no carries cross
    /// bytes once the first test passed, and a borrow only follows a byte that failed anyway).
    private static func isPrintableASCII(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        return (word | (word &- 0x2020_2020_2020_2020) | (word &+ 0x0101_0101_0101_0101)) & high == 0
    }

    /// Ends the frame in progress because the line went quiet (inter-byte timeout).
    public mutating func flush(_ output: (DecoderOutput) -> Void) {
        guard seen > 0 else { return }
        counters.timeoutFlushes += 1
        finishFrame(.timeout, output)
    }

    /// Forgets a partial frame, e.g. after the port hung up mid-frame.
    public mutating func reset() {
        count = 0
        seen = 0
        firstInvalid = nil
    }

    private mutating func consume(_ byte: UInt8, _ output: (DecoderOutput) -> Void) {
        if byte < 64, terminatorMask & (1 << UInt64(byte)) != 0 {
            if seen > 0 { finishFrame(.terminator, output) }
            return
        }
        if seen == 0, byte == 0x06 || byte == 0x15 {
            // A lone ACK/NAK between frames answers a host command.
            counters.deviceReplies += 1
            output(.dropped(.deviceReply))
            return
        }
        seen &+= 1
        if byte < 0x20 || byte >= 0x7F, firstInvalid == nil,
           !(rules.deviceRepliesInSTXETX && seen == 1 && byte == 0x02) {
            firstInvalid = byte
        }
        if count < capacity {
            buffer[count] = byte
            count &+= 1
        }
    }

    private mutating func finishFrame(_ ending: Frame.Ending, _ output: (DecoderOutput) -> Void) {
        defer { reset() }
        if rules.deviceRepliesInSTXETX, buffer[0] == 0x02 {
            counters.deviceReplies += 1
            output(.dropped(.deviceReply))
            return
        }
        if seen > capacity {
            counters.oversize += 1
            output(.dropped(.oversize(length: seen)))
            return
        }
        if let invalid = firstInvalid {
            counters.invalidBytes += 1
            output(.dropped(invalid >= 0x80 ? .nonASCII(invalid) : .controlByte(invalid)))
            return
        }
        var payload = UnsafeBufferPointer(start: buffer, count: count)
        var aim: AIMIdentifier?
        if rules.aimIdentifiers, let id = AIMIdentifier(prefixOf: payload) {
            aim = id
            payload = UnsafeBufferPointer(rebasing: payload[3...])
        }
        counters.frames += 1
        output(.frame(Frame(aim: aim, payload: payload, ending: ending)))
    }
}
