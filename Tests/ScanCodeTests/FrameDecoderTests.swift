import Testing
@testable import ScanCode

/// What a decoder produced, copied out of the callback so tests can compare it.
enum Decoded: Hashable, CustomStringConvertible {
    case frame(aim: String?, payload: String, timedOut: Bool)
    case dropped(DroppedFrame)

    var description: String {
        switch self {
        case .frame(let aim, let payload, let timedOut): "frame(\(aim ?? "-"), \(payload)\(timedOut ? ", timeout" : ""))"
        case .dropped(let reason): "dropped(\(reason))"
        }
    }
}

func decode(_ chunks: [[UInt8]], rules: FramingRules = FramingRules(), flushAtEnd: Bool = false) -> [Decoded] {
    var decoder = FrameDecoder(rules: rules)
    var out: [Decoded] = []
    let collect: (DecoderOutput) -> Void = { output in
        switch output {
        case .frame(let frame):
            out.append(.frame(aim: frame.aim?.description, payload: String(decoding: frame.payload, as: UTF8.self), timedOut: frame.ending == .timeout))
        case .dropped(let reason):
            out.append(.dropped(reason))
        }
    }
    for chunk in chunks { decoder.feed(chunk, collect) }
    if flushAtEnd { decoder.flush(collect) }
    return out
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("Frame decoder")
struct FrameDecoderTests {
    let code = "251001020123456789012345"

    @Test func honeywellCRLFWithAIMIdentifier() {
        let out = decode([bytes("]C0\(code)\r\n")])
        #expect(out == [.frame(aim: "]C0", payload: code, timedOut: false)])
    }

    @Test func newlandCarriageReturnAndTab() {
        #expect(decode([bytes("\(code)\r")]) == [.frame(aim: nil, payload: code, timedOut: false)])
        #expect(decode([bytes("]Q1\(code)\t")]) == [.frame(aim: "]Q1", payload: code, timedOut: false)])
    }

    @Test func fiveFramesInOneWrite() {
        let stream = (0..<5).map { "]C0\(code.dropLast())\($0)\r\n" }.joined()
        let out = decode([bytes(stream)])
        #expect(out.count == 5)
        #expect(out.last == .frame(aim: "]C0", payload: String(code.dropLast()) + "4", timedOut: false))
    }

    @Test func oneFrameSplitOverManyReads() {
        let whole = bytes("]C0\(code)\r\n")
        #expect(decode(whole.map { [$0] }) == decode([whole]))
        #expect(decode([Array(whole[..<2]), Array(whole[2..<20]), Array(whole[20...])]) == decode([whole]))
    }

    @Test func oversizeFrameIsDroppedUpToTheNextTerminatorAndCounted() {
        var decoder = FrameDecoder(rules: FramingRules(maxFrameLength: 256))
        var out: [Decoded] = []
        decoder.feed(Array(repeating: UInt8(ascii: "9"), count: 10 * 1024) + bytes("\r\n\(code)\r\n")) { output in
            if case .dropped(let reason) = output { out.append(.dropped(reason)) }
            if case .frame(let frame) = output { out.append(.frame(aim: nil, payload: String(decoding: frame.payload, as: UTF8.self), timedOut: false)) }
        }
        #expect(out == [.dropped(.oversize(length: 10 * 1024)), .frame(aim: nil, payload: code, timedOut: false)])
        #expect(decoder.counters.oversize == 1)
        #expect(decoder.counters.frames == 1)
    }

    @Test func controlAndNonASCIIBytesRejectTheFrame() {
        #expect(decode([bytes("12\u{1B}[2J34\r")]) == [.dropped(.controlByte(0x1B))])
        #expect(decode([[0x32, 0x35, 0xC3, 0xA9, 0x0D]]) == [.dropped(.nonASCII(0xC3))])
        #expect(decode([[0x00, 0x0D], bytes("\(code)\r")]) == [.dropped(.controlByte(0)), .frame(aim: nil, payload: code, timedOut: false)])
    }

    @Test func partialFrameIsFlushedOnInterByteTimeout() {
        #expect(decode([bytes(code)]) == [])
        #expect(decode([bytes(code)], flushAtEnd: true) == [.frame(aim: nil, payload: code, timedOut: true)])
    }

    @Test func scannerRepliesAreNotReads() {
        let newland = FramingRules(terminators: [.cr, .lf, .etx], deviceRepliesInSTXETX: true)
        let reply: [UInt8] = [0x02, 0x01, 0x30, 0x30, 0x30, 0x30, 0x53, 0x43, 0x4E, 0x06, 0x3B, 0x03]
        #expect(decode([reply + bytes("\(code)\r")], rules: newland) == [.dropped(.deviceReply), .frame(aim: nil, payload: code, timedOut: false)])
        #expect(decode([[0x06], bytes("\(code)\r\n")]) == [.dropped(.deviceReply), .frame(aim: nil, payload: code, timedOut: false)])
    }

    @Test func aimIdentifiersStayInThePayloadWhenTheScannerSendsNone() {
        let rules = FramingRules(aimIdentifiers: false)
        #expect(decode([bytes("]C0\(code)\r\n")], rules: rules) == [.frame(aim: nil, payload: "]C0" + code, timedOut: false)])
        // `]` followed by something that is no identifier is data.
        #expect(decode([bytes("]!!abc\r")]) == [.frame(aim: nil, payload: "]!!abc", timedOut: false)])
    }

    @Test func sixtyFourKiBOfGarbageNeverYieldsAnUnsafeFrame() {
        var rng = SplitMix64(seed: 0x5CA9B41D)
        let garbage = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let out = decode([garbage, bytes("\r\n]C0\(code)\r\n")])
        for case .frame(_, let payload, _) in out.dropLast() {
            #expect(payload.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "frame with unsafe bytes: \(payload)")
            #expect(payload.utf8.count <= 256)
        }
        #expect(out.last == .frame(aim: "]C0", payload: code, timedOut: false))
    }

    /// Property: however the stream is cut into reads, the frames are the same.
    @Test(arguments: [1, 2, 3, 42, 1337, 90210])
    func anySplitOfAStreamYieldsTheSameFrames(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var stream: [UInt8] = []
        let pieces = ["]C0\(code)\r\n", "]Q1281001029876543210987654\r\n", "4006381333931\t", "\u{1B}junk\r",
                      String(repeating: "8", count: 300) + "\n", "]E0036000291452\r\n", "\r\n\r\n", "https://a.b/c\r"]
        for _ in 0..<40 { stream += bytes(pieces[Int(rng.next() % UInt64(pieces.count))]) }
        let expected = decode([stream])
        for _ in 0..<25 {
            var chunks: [[UInt8]] = []
            var index = 0
            while index < stream.count {
                let size = Int(rng.next() % 37) + 1
                chunks.append(Array(stream[index..<min(stream.count, index + size)]))
                index += size
            }
            #expect(decode(chunks) == expected)
        }
        #expect(expected.count >= 30)
    }
}

/// A small deterministic generator, so property tests fail the same way every time.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
