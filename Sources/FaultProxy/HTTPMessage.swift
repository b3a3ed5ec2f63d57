/// One HTTP/1.1 request or response, parsed only as far as the proxy needs: the start line, the
/// headers (names as sent, order kept) and a Content-Length body. Chunked bodies are not
/// supported; neither libcurl's requests nor the simulator's answers use them.
struct HTTPMessage {
    /// "POST /ams/api/v1/payments/pay HTTP/1.1" or "HTTP/1.1 200 OK".
    var startLine: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }

    mutating func setHeader(_ name: String, _ value: String?) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        if let value { headers.append((name, value)) }
    }

    /// Replaces the body and keeps Content-Length true to it.
    mutating func replaceBody(_ bytes: [UInt8]) {
        body = bytes
        let name = headers.first { $0.name.lowercased() == "content-length" }?.name ?? "Content-Length"
        headers = headers.map { $0.name.lowercased() == "content-length" ? (name, String(bytes.count)) : $0 }
        if header("content-length") == nil { headers.append((name, String(bytes.count))) }
    }

    var contentLength: Int? { header("content-length").flatMap { Int($0.trimmingSpaces) } }

    /// The request's method and target.
    var requestLine: (method: String, path: String) {
        let parts = startLine.split(separator: " ", maxSplits: 2)
        return (parts.first.map(String.init) ?? "", parts.count > 1 ? String(parts[1]) : "")
    }

    /// The response's status code.
    var status: Int? {
        let parts = startLine.split(separator: " ", maxSplits: 2)
        return parts.count > 1 ? Int(parts[1]) : nil
    }

    var serialized: [UInt8] {
        var text = startLine + "\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }

    /// Parses a head (without the blank line that ends it).
    init?(head: [UInt8]) {
        guard let text = String(validating: head, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty, !lines[0].isEmpty else { return nil }
        startLine = lines.removeFirst()
        headers = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces)
        }
        body = []
    }

    init(startLine: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    /// A response made up by the proxy (a gateway error), never signed.
    static func plain(status: Int, reason: String) -> HTTPMessage {
        let body = Array("fault proxy: \(reason)".utf8)
        return HTTPMessage(startLine: "HTTP/1.1 \(status) \(reason)",
                           headers: [("Content-Type", "text/plain"), ("Content-Length", String(body.count))], body: body)
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
        return String(String.UnicodeScalarView(scalars))
    }
}
