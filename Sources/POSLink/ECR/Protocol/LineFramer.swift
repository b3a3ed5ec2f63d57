/// Cuts a byte stream into LF-terminated lines (a CR before the LF is dropped) without ever
/// holding more than `maxLength` bytes: the rest of an oversize line is skipped up to its LF and
/// reported once, so a runaway sender costs nothing but an error reply.
public struct LineFramer: Sendable {
    public enum Output: Equatable, Sendable {
        case line([UInt8])
        case oversize
    }

    public let maxLength: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    public init(maxLength: Int) {
        self.maxLength = maxLength
        buffer.reserveCapacity(maxLength)
    }

    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        discarding = false
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>, _ emit: (Output) -> Void) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if discarding {
                    discarding = false
                    emit(.oversize)
                } else {
                    if buffer.last == UInt8(ascii: "\r") { buffer.removeLast() }
                    emit(.line(buffer))
                }
                buffer.removeAll(keepingCapacity: true)
            } else if !discarding {
                if buffer.count < maxLength {
                    buffer.append(byte)
                } else {
                    discarding = true
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        }
    }
}
