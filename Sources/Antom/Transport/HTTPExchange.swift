/// One POST as it went over the wire.
public struct HTTPExchange: Sendable {
    public var status: Int
    /// Response header names in lower case (HTTP names are case-insensitive).
    public var headers: [String: String]
    /// The raw body bytes, exactly as received: response signatures cover these bytes.
    public var body: [UInt8]
    public var stats: TransferStats
}

/// Cost of one transfer, measured on the transport thread.
public struct TransferStats: Sendable {
    /// Wall time of the libcurl call.
    public var wallMicroseconds: Int64
    /// CPU (user + system) of the transport thread during the call (getrusage RUSAGE_THREAD).
    public var cpuMicroseconds: Int64
    /// Connections libcurl had to open for this transfer (0 = reused a warm one).
    public var newConnections: Int
}

/// The callbacks' scratch space for one transfer. Lives only while `curl_easy_perform` runs.
final class TransferState {
    let upload: [UInt8]
    var uploadOffset = 0
    /// Set once libcurl asks for body bytes: from then on the acquirer may see the request.
    var bodyHandedOver = false
    var body: [UInt8] = []
    var headers: [String: String] = [:]

    init(upload: [UInt8]) { self.upload = upload }

    func receiveHeaderLine(_ line: [UInt8]) {
        // Strip CR LF as bytes: in a Swift String "\r\n" is one Character.
        var bytes = line[...]
        while let last = bytes.last, last == 0x0D || last == 0x0A { bytes = bytes.dropLast() }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            headers = [:]  // a new response (after 1xx) starts a new header block
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = text[..<colon].lowercased()
        let value = text[text.index(after: colon)...].trimmedSpaces
        headers[name] = value
    }
}
