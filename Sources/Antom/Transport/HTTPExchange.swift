import PaymentModel
import CCurl
import Glibc

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

    /// libcurl's seek callback. A body none of which was handed over may be rewound (nothing of
    /// it can have left); after that, no: a replay would be a second send of a request the
    /// acquirer may already have acted on, and only the settlement engine decides about that.
    /// `bodyHandedOver` stays set, so the failure that follows counts as "may have been sent".
    func rewind(to offset: Int, origin: Int32) -> Int32 {
        guard !bodyHandedOver else { return CURL_SEEKFUNC_CANTSEEK }
        guard origin == SEEK_SET, offset >= 0, offset <= upload.count else { return CURL_SEEKFUNC_FAIL }
        uploadOffset = offset
        return CURL_SEEKFUNC_OK
    }

    /// Works on bytes: this runs for every header line of every response on the transport
    /// thread, and in a Swift String "\r\n" is a single Character anyway.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        if line.starts(with: "HTTP/".utf8) {
            headers = [:]  // a new response (after 1xx) starts a new header block
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1, end = line.count
        while start < end, isBlank(line[start]) { start += 1 }
        while end > start, isBlank(line[end - 1]) { end -= 1 }
        let name = String(decoding: line[..<colon].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        headers[name] = String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }
}
