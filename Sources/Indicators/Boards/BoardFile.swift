/// The JSON shape of a board file, decoded as-is and then checked by ``BoardValidation``.
/// Unknown keys are refused: JSONDecoder would silently skip a misspelt `activelow`.
struct BoardFile: Decodable {
    var id: String
    var name: String
    var compatible: [String]?
    var buzzer: BoardProfile.BuzzerType
    var outputs: [String: OutputEntry]
    var serial: SerialEntry
    var audio: AudioEntry?
    var patterns: [String: String]?
    var unverified: [String]?
    var notes: String?

    struct OutputEntry: Decodable {
        enum Kind: String, Decodable { case gpio, ledClass = "led-class", pwm, simulated }
        var kind: Kind
        var chip: String?
        var line: String?
        var offset: UInt32?
        var activeLow: Bool?
        var led: String?
        var channel: Int?
        var frequencyHz: Int?
        var dutyPercent: Int?
        var note: String?

        init(from decoder: any Decoder) throws {
            try UnknownKeys.reject(in: decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(Kind.self, forKey: .kind)
            chip = try container.decodeIfPresent(String.self, forKey: .chip)
            line = try container.decodeIfPresent(String.self, forKey: .line)
            offset = try container.decodeIfPresent(UInt32.self, forKey: .offset)
            activeLow = try container.decodeIfPresent(Bool.self, forKey: .activeLow)
            led = try container.decodeIfPresent(String.self, forKey: .led)
            channel = try container.decodeIfPresent(Int.self, forKey: .channel)
            frequencyHz = try container.decodeIfPresent(Int.self, forKey: .frequencyHz)
            dutyPercent = try container.decodeIfPresent(Int.self, forKey: .dutyPercent)
            note = try container.decodeIfPresent(String.self, forKey: .note)
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case kind, chip, line, offset, activeLow, led, channel, frequencyHz, dutyPercent, note
        }
    }

    struct SerialEntry: Decodable {
        var scanner: String
        var console: String

        init(from decoder: any Decoder) throws {
            try UnknownKeys.reject(in: decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            scanner = try container.decode(String.self, forKey: .scanner)
            console = try container.decode(String.self, forKey: .console)
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case scanner, console }
    }

    init(from decoder: any Decoder) throws {
        try UnknownKeys.reject(in: decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        compatible = try container.decodeIfPresent([String].self, forKey: .compatible)
        buzzer = try container.decode(BoardProfile.BuzzerType.self, forKey: .buzzer)
        outputs = try container.decode([String: OutputEntry].self, forKey: .outputs)
        serial = try container.decode(SerialEntry.self, forKey: .serial)
        audio = try container.decodeIfPresent(AudioEntry.self, forKey: .audio)
        patterns = try container.decodeIfPresent([String: String].self, forKey: .patterns)
        unverified = try container.decodeIfPresent([String].self, forKey: .unverified)
        notes = try container.decodeIfPresent(String.self, forKey: .notes)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, compatible, buzzer, outputs, serial, audio, patterns, unverified, notes
    }

    /// The speaker: which ALSA device plays, and the amplifier's enable line if it has one.
    struct AudioEntry: Decodable {
        var device: String?
        var amplifier: AmplifierEntry?
        var note: String?

        init(from decoder: any Decoder) throws {
            try UnknownKeys.reject(in: decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            device = try container.decodeIfPresent(String.self, forKey: .device)
            amplifier = try container.decodeIfPresent(AmplifierEntry.self, forKey: .amplifier)
            note = try container.decodeIfPresent(String.self, forKey: .note)
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case device, amplifier, note }
    }

    struct AmplifierEntry: Decodable {
        var chip: String
        var line: String?
        var offset: UInt32?
        var activeLow: Bool?
        var settleMs: Int?

        init(from decoder: any Decoder) throws {
            try UnknownKeys.reject(in: decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            chip = try container.decode(String.self, forKey: .chip)
            line = try container.decodeIfPresent(String.self, forKey: .line)
            offset = try container.decodeIfPresent(UInt32.self, forKey: .offset)
            activeLow = try container.decodeIfPresent(Bool.self, forKey: .activeLow)
            settleMs = try container.decodeIfPresent(Int.self, forKey: .settleMs)
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case chip, line, offset, activeLow, settleMs }
    }
}

/// Refuses keys a type does not declare, naming the key and the ones that are allowed.
enum UnknownKeys {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func reject<K: CodingKey & CaseIterable & RawRepresentable<String>>(in decoder: any Decoder, allowed: K.Type) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(K.allCases.map(\.rawValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "unknown key \"\(key.stringValue)\" (allowed: \(K.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }
}
