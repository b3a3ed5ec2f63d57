import Glibc

/// Reads HTTP messages off one socket, buffering what arrives past the current message (the
/// next pipelined request, or nothing).
struct MessageReader {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    enum Failure: Error {
        /// The peer closed before a single byte of the message: a clean end of a keep-alive.
        case closedCleanly
        /// Closed or failed mid-message, or the message is not HTTP/1.1 the proxy can frame.
        case broken(String)
    }

    /// One message: head, then a Content-Length body (none for a response to HEAD).
    mutating func read(bodyless: Bool = false) throws(Failure) -> HTTPMessage {
        var end: Int?
        while true {
            end = Self.headEnd(in: buffer)
            if end != nil { break }
            guard buffer.count < 64 * 1024 else { throw .broken("head over 64 KiB") }
            guard fill() else { throw buffer.isEmpty ? .closedCleanly : .broken("closed mid-head") }
        }
        guard let end, var message = HTTPMessage(head: Array(buffer[..<end])) else { throw .broken("unreadable head") }
        buffer.removeFirst(end + 4)
        if message.header("transfer-encoding") != nil { throw .broken("chunked bodies are not supported") }
        let length = bodyless ? 0 : (message.contentLength ?? 0)
        while buffer.count < length {
            guard fill() else { throw .broken("closed mid-body") }
        }
        message.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return message
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
    }

    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
