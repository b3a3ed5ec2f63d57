import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Accepts one connection on a raw loopback socket and returns the HTTP request bytes exactly as
/// they arrived, then closes without answering. Runs on its own Thread (it blocks).
enum RequestCapture {
    struct Captured: Sendable {
        var head: String
        var headers: [String: String]
        var body: [UInt8]
    }

    static func captureOne(listener fd: Int32) async -> Captured? {
        await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: readOne(fd))
            }.start()
        }
    }

    private static func readOne(_ listener: Int32) -> Captured? {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return nil }
        defer { close(connection) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let split = bytes.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: bytes[..<split.lowerBound], as: UTF8.self)
                var headers: [String: String] = [:]
                for line in head.components(separatedBy: "\r\n").dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "") ?? 0
                if bytes.count - split.upperBound >= length {
                    return Captured(head: head, headers: headers, body: Array(bytes[split.upperBound..<(split.upperBound + length)]))
                }
            }
            let n = read(connection, &buffer, buffer.count)
            guard n > 0 else { return nil }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }
}
