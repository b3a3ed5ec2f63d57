/// Reads structure out of a fuzz input: a few leading bytes choose options and split points,
/// the rest is data. Running out of bytes yields zeros, never a trap.
struct FuzzInput {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var remaining: Int { bytes.count - index }
    var isEmpty: Bool { index >= bytes.count }

    mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func bool() -> Bool { byte() & 1 == 1 }

    /// Up to `count` bytes.
    mutating func take(_ count: Int) -> UnsafeBufferPointer<UInt8> {
        let end = min(bytes.count, index + max(0, count))
        defer { index = end }
        return UnsafeBufferPointer(rebasing: bytes[index..<end])
    }

    /// Everything up to the next `separator` (dropped), or to the end.
    mutating func field(until separator: UInt8) -> UnsafeBufferPointer<UInt8> {
        let start = index
        while index < bytes.count, bytes[index] != separator { index += 1 }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if index < bytes.count { index += 1 }
        return slice
    }

    mutating func rest() -> UnsafeBufferPointer<UInt8> { take(remaining) }
}

extension UnsafeBufferPointer<UInt8> {
    var string: String { String(decoding: self, as: UTF8.self) }
}
