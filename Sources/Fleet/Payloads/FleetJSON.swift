import FoundationEssentials
import PaymentModel

/// The one JSON encoding of the fleet's payloads: sorted keys (stable bytes, readable diffs), no
/// escaped slashes. Our own types always encode; a failure would be a bug, and yields `{}`.
enum FleetJSON {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(bytes))
    }
}

enum ISOTime {
    static func utc(milliseconds: Int64) -> String {
        Timestamp.iso8601(epochSeconds: milliseconds / 1000, offsetSeconds: 0)
    }
}
