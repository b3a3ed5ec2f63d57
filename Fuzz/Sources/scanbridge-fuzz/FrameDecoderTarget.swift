import ScanCode

/// Serial bytes → frames → verdicts. The decoder must agree, frame for frame, with a slow
/// reference decoder however the bytes are split across reads (and with its byte-by-byte
/// overload); no frame may exceed the cap or hold a control or non-ASCII byte; and the
/// classifier's verdict must agree with a plain reading of the Alipay+ rules.
///
/// Input: [options] [max length] [split seed] stream…
enum FrameDecoderTarget {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let options = input.byte()
        let lengthByte = input.byte()
        var seed = UInt64(input.byte()) | 1
        let stream = input.rest()
        let rules = FramingRules(
            terminators: FramingRules.Terminators(rawValue: options & 0x0F),
            maxFrameLength: lengthByte & 0x80 != 0 ? 256 : Int(lengthByte & 0x3F) + 1,
            aimIdentifiers: options & 0x10 != 0,
            deviceRepliesInSTXETX: options & 0x20 != 0
        )
        let flushes = options & 0x40 != 0

        // Chunks of 0…31 bytes from a xorshift of the seed; after each, maybe an inter-byte timeout.
        var chunks: [(Range<Int>, flush: Bool)] = []
        var start = 0
        while start < stream.count {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            let end = min(stream.count, start + Int(seed & 31))
            chunks.append((start..<end, flushes && seed & 0x300 == 0))
            start = end
        }

        var reference = ReferenceDecoder(rules: rules)
        var expected: [Decoded] = []
        for (range, flush) in chunks {
            for byte in stream[range] { reference.feed(byte) { expected.append($0) } }
            if flush { reference.flush { expected.append($0) } }
        }

        var decoder = FrameDecoder(rules: rules)
        var actual: [Decoded] = []
        for (range, flush) in chunks {
            decoder.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: stream[range]))) { actual.append(Decoded($0, rules: rules)) }
            if flush { decoder.flush { actual.append(Decoded($0, rules: rules)) } }
        }
        check(actual == expected, "split reads: decoder \(actual) != reference \(expected)")

        var bytewise = FrameDecoder(rules: rules)
        var seen: [Decoded] = []
        for (range, flush) in chunks {
            bytewise.feed(Array(stream[range])) { seen.append(Decoded($0, rules: rules)) }
            if flush { bytewise.flush { seen.append(Decoded($0, rules: rules)) } }
        }
        check(seen == expected, "byte overload: decoder \(seen) != reference \(expected)")
        check(decoder.counters == bytewise.counters, "counters differ between the two feeds")
        check(decoder.counters.frames == expected.filter(\.isFrame).count, "frame counter")

        // The classifier takes any text (PaymentCode(_:) hands it the journal's and the console's).
        ClassifierCheck.verify(stream, aim: nil)
    }
}

/// A decoder output, copied out of the borrowed frame so that runs can be compared; each frame
/// is checked and classified as it is copied.
struct Decoded: Equatable, CustomStringConvertible {
    var aim: AIMIdentifier?
    var payload: [UInt8]?
    var ending: Frame.Ending?
    var dropped: DroppedFrame?

    var isFrame: Bool { payload != nil }

    init(frame aim: AIMIdentifier?, _ payload: [UInt8], _ ending: Frame.Ending) {
        self.aim = aim
        self.payload = payload
        self.ending = ending
    }

    init(dropped: DroppedFrame) { self.dropped = dropped }

    init(_ output: DecoderOutput, rules: FramingRules) {
        switch output {
        case .dropped(let why):
            self.init(dropped: why)
        case .frame(let frame):
            check(frame.payload.count + (frame.aim == nil ? 0 : 3) <= rules.maxFrameLength,
                  "frame of \(frame.payload.count) bytes over the cap \(rules.maxFrameLength)")
            check(frame.payload.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "frame holds a control or non-ASCII byte")
            ClassifierCheck.verify(frame.payload, aim: frame.aim)
            self.init(frame: frame.aim, Array(frame.payload), frame.ending)
        }
    }

    var description: String {
        if let dropped { return "dropped(\(dropped))" }
        return "frame(\(aim.map { "\($0)" } ?? "-"), \(String(decoding: payload ?? [], as: UTF8.self).debugDescription), \(ending.map { "\($0)" } ?? "-"))"
    }
}

/// The framing rules written the slow, obvious way: whole frames in an array, checked at the end.
struct ReferenceDecoder {
    let rules: FramingRules
    var frame: [UInt8] = []

    init(rules: FramingRules) { self.rules = rules }

    func isTerminator(_ byte: UInt8) -> Bool {
        (byte == 0x0D && rules.terminators.contains(.cr)) || (byte == 0x0A && rules.terminators.contains(.lf))
            || (byte == 0x09 && rules.terminators.contains(.tab)) || (byte == 0x03 && rules.terminators.contains(.etx))
    }

    mutating func feed(_ byte: UInt8, _ emit: (Decoded) -> Void) {
        if isTerminator(byte) {
            if !frame.isEmpty { finish(.terminator, emit) }
        } else if frame.isEmpty, byte == 0x06 || byte == 0x15 {
            emit(Decoded(dropped: .deviceReply))
        } else {
            frame.append(byte)
        }
    }

    mutating func flush(_ emit: (Decoded) -> Void) {
        if !frame.isEmpty { finish(.timeout, emit) }
    }

    private mutating func finish(_ ending: Frame.Ending, _ emit: (Decoded) -> Void) {
        defer { frame = [] }
        if rules.deviceRepliesInSTXETX, frame[0] == 0x02 { return emit(Decoded(dropped: .deviceReply)) }
        if frame.count > rules.maxFrameLength { return emit(Decoded(dropped: .oversize(length: frame.count))) }
        if let bad = frame.first(where: { $0 < 0x20 || $0 >= 0x7F }) {
            return emit(Decoded(dropped: bad >= 0x80 ? .nonASCII(bad) : .controlByte(bad)))
        }
        let isLetter = { (b: UInt8) in (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        if rules.aimIdentifiers, frame.count >= 3, frame[0] == UInt8(ascii: "]"), isLetter(frame[1]), isLetter(frame[2]) || isDigit(frame[2]) {
            let aim = AIMIdentifier(code: Character(Unicode.Scalar(frame[1])), modifier: Character(Unicode.Scalar(frame[2])))
            return emit(Decoded(frame: aim, Array(frame[3...]), ending))
        }
        emit(Decoded(frame: nil, frame, ending))
    }
}
