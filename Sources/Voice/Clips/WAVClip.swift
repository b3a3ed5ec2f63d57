/// A clip's samples, read from or written as a RIFF WAVE file. Only the pack format is accepted
/// (PCM, 16 kHz, mono, 16-bit little-endian): a pack that needs converting is converted by the
/// pack script at build time, never on the box.
public struct WAVClip: Sendable, Equatable {
    public var samples: [Int16]

    public init(samples: [Int16]) {
        self.samples = samples
    }

    /// Seconds of sound.
    public var duration: Double { Double(samples.count) / Double(PCMFormat.sampleRate) }

    public init(parsing bytes: [UInt8]) throws(WAVError) {
        guard bytes.count >= 12, Self.tag(bytes, 0) == "RIFF", Self.tag(bytes, 8) == "WAVE" else { throw .notWAVE }
        var position = 12
        var format: (audioFormat: UInt16, channels: UInt16, rate: UInt32, bits: UInt16)?
        while position + 8 <= bytes.count {
            let id = Self.tag(bytes, position)
            // Checked before any arithmetic: a 32-bit size must not overflow an armhf Int.
            let body = position + 8
            guard let size = Int(exactly: Self.u32(bytes, position + 4)), size <= bytes.count - body else { throw .truncated }
            let end = body + size
            if id == "fmt " {
                guard size >= 16 else { throw .truncated }
                format = (Self.u16(bytes, body), Self.u16(bytes, body + 2), Self.u32(bytes, body + 4), Self.u16(bytes, body + 14))
            } else if id == "data" {
                guard let format else { throw .dataBeforeFormat }
                // WAVE_FORMAT_PCM (1), or WAVE_FORMAT_EXTENSIBLE (0xFFFE) as sox writes for some inputs.
                guard format.audioFormat == 1 || format.audioFormat == 0xFFFE else { throw .unsupported("format tag \(format.audioFormat), not PCM") }
                guard format.channels == 1 else { throw .unsupported("\(format.channels) channels, not mono") }
                guard format.rate == UInt32(PCMFormat.sampleRate) else { throw .unsupported("\(format.rate) Hz, not \(PCMFormat.sampleRate)") }
                guard format.bits == 16 else { throw .unsupported("\(format.bits)-bit, not 16-bit") }
                guard size % 2 == 0 else { throw .truncated }
                let available = size
                var samples = [Int16]()
                samples.reserveCapacity(available / 2)
                var index = body
                while index + 1 < body + available {
                    samples.append(Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8))
                    index += 2
                }
                self.samples = samples
                return
            }
            position = min(bytes.count, end + (size & 1))  // chunks are padded to an even length
        }
        throw format == nil ? .noFormat : .noData
    }

    /// The clip as a WAV file in the pack format.
    public var bytes: [UInt8] {
        let dataSize = UInt32(samples.count * 2)
        var out = [UInt8]()
        out.reserveCapacity(44 + samples.count * 2)
        func put32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) } }
        func put16(_ value: UInt16) { out.append(UInt8(truncatingIfNeeded: value)); out.append(UInt8(truncatingIfNeeded: value >> 8)) }
        out += Array("RIFF".utf8); put32(36 + dataSize); out += Array("WAVE".utf8)
        out += Array("fmt ".utf8); put32(16); put16(1); put16(1)
        put32(UInt32(PCMFormat.sampleRate)); put32(UInt32(PCMFormat.sampleRate * 2)); put16(2); put16(16)
        out += Array("data".utf8); put32(dataSize)
        for sample in samples { put16(UInt16(bitPattern: sample)) }
        return out
    }

    private static func tag(_ bytes: [UInt8], _ at: Int) -> String {
        guard at + 4 <= bytes.count else { return "" }
        return String(decoding: bytes[at..<at + 4], as: UTF8.self)
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

public enum WAVError: Error, Hashable, Sendable, CustomStringConvertible {
    case notWAVE
    case noFormat
    case noData
    case dataBeforeFormat
    case truncated
    case unsupported(String)

    public var description: String {
        switch self {
        case .notWAVE: "not a RIFF WAVE file"
        case .noFormat: "no fmt chunk"
        case .noData: "no data chunk"
        case .dataBeforeFormat: "data chunk before the fmt chunk"
        case .truncated: "truncated"
        case .unsupported(let what): "\(what) (packs are 16 kHz mono 16-bit PCM)"
        }
    }
}
