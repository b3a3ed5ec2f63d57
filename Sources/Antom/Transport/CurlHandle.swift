import PaymentModel
import CCurl
import Glibc

/// The libcurl easy handle: every libcurl call the agent makes is in this file.
///
/// Not thread-safe by design: `HTTPTransport` confines it to one serial queue. One handle keeps
/// its connection cache, so requests to the same host reuse the warm TCP/TLS connection.
final class CurlHandle {
    private let handle: UnsafeMutableRawPointer
    private let baseURL: String
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    init(configuration: TransportConfiguration) throws(TransportError) {
        guard TransportLibraries.curlIsSupported else {
            let oldest = TransportLibraries.oldestCurl
            throw .configuration("libcurl \(TransportLibraries.curlVersion) is older than \(oldest.major).\(oldest.minor).\(oldest.patch), the oldest this agent supports")
        }
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw .configuration("libcurl failed to initialise")
        }
        self.handle = handle
        self.baseURL = configuration.baseURL.hasSuffix("/") ? String(configuration.baseURL.dropLast()) : configuration.baseURL
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        var ok = cx_setopt_errorbuffer(handle, errorBuffer) == CURLE_OK
        ok = ok && set(CURLOPT_NOSIGNAL, 1)  // no SIGALRM tricks in a threaded process
        ok = ok && set(CURLOPT_TCP_NODELAY, 1)
        ok = ok && set(CURLOPT_TCP_KEEPALIVE, 1)
        ok = ok && set(CURLOPT_TCP_KEEPIDLE, 30)
        ok = ok && set(CURLOPT_TCP_KEEPINTVL, 10)
        ok = ok && set(CURLOPT_SSL_VERIFYPEER, 1)  // never switched off, not even for tests
        ok = ok && set(CURLOPT_SSL_VERIFYHOST, 2)
        ok = ok && set(CURLOPT_FOLLOWLOCATION, 0)
        ok = ok && set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        ok = ok && set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        ok = ok && set(CURLOPT_MAXAGE_CONN, 300)
        ok = ok && cx_setopt_str(handle, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK
        if !configuration.reuseConnection {
            ok = ok && set(CURLOPT_FRESH_CONNECT, 1) && set(CURLOPT_FORBID_REUSE, 1)
        }
        guard ok else {
            let detail = lastError(CURLE_OK)
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw .configuration("libcurl refused an option: \(detail)")
        }
        if let caFile = configuration.caFile, cx_setopt_str(handle, CURLOPT_CAINFO, caFile) != CURLE_OK {
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw .configuration("libcurl refused CA file \(caFile)")
        }
        if let pin = configuration.pinnedPublicKey, cx_setopt_str(handle, CURLOPT_PINNEDPUBLICKEY, pin) != CURLE_OK {
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw .configuration("this libcurl does not support public-key pinning")
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// POSTs `body` to `path`. The body goes through a read callback, not POSTFIELDS: the first
    /// call of the callback is the moment the request may leave the box (see TransportError).
    ///
    /// The seek callback lets libcurl rewind a body it has not yet read, and refuses once any of
    /// it was handed over. libcurl 8 replays a request on a fresh connection when a reused one
    /// dies before the answer; a pay that may have reached the acquirer is then never re-sent
    /// behind the engine's back: the call fails as "may have been sent" and the engine inquires.
    /// Without a seek callback libcurl 8.14 also kept the failed rewind on the handle, so every
    /// later call failed with CURLE_SEND_FAIL_REWIND; `HTTPTransport` replaces the handle after
    /// any failure for that reason.
    func post(path: String, headers: [(String, String)], body: [UInt8], timeout: Duration) -> Result<HTTPExchange, TransportError> {
        let state = TransferState(upload: body)
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers + [("Expect", ""), ("Connection", "keep-alive")] {
            list = curl_slist_append(list, value.isEmpty ? "\(name):" : "\(name): \(value)")
        }
        defer { curl_slist_free_all(list) }
        _ = set(CURLOPT_NOBODY, 0)
        _ = set(CURLOPT_POST, 1)
        _ = set(CURLOPT_POSTFIELDSIZE, body.count)
        _ = cx_setopt_readfn(handle) { buffer, size, count, context in
            guard let context, let buffer else { return Int(CURL_READFUNC_ABORT) }
            let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
            state.bodyHandedOver = true
            let n = min(size * count, state.upload.count - state.uploadOffset)
            state.upload.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(start: buffer, count: n).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[state.uploadOffset..<(state.uploadOffset + n)]))
            }
            state.uploadOffset += n
            return n
        }
        _ = cx_setopt_seekfn(handle) { context, offset, origin in
            guard let context else { return CURL_SEEKFUNC_FAIL }
            let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
            return state.rewind(to: Int(offset), origin: origin)
        }
        _ = cx_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        return perform(url: baseURL + path, timeout: timeout, state: state)
    }

    /// An unsigned HEAD that opens (or refreshes) the connection; its status does not matter.
    func warm(path: String, timeout: Duration) -> Result<HTTPExchange, TransportError> {
        _ = cx_setopt_slist(handle, CURLOPT_HTTPHEADER, nil)
        _ = set(CURLOPT_NOBODY, 1)
        return perform(url: baseURL + path, timeout: timeout, state: TransferState(upload: []))
    }

    private func perform(url: String, timeout: Duration, state: TransferState) -> Result<HTTPExchange, TransportError> {
        let context = Unmanaged.passUnretained(state).toOpaque()
        _ = cx_setopt_str(handle, CURLOPT_URL, url)
        _ = set(CURLOPT_TIMEOUT_MS, timeout.milliseconds)
        _ = cx_setopt_readdata(handle, context)
        _ = cx_setopt_seekdata(handle, context)
        _ = cx_setopt_writedata(handle, context)
        _ = cx_setopt_headerdata(handle, context)
        _ = cx_setopt_writefn(handle) { data, size, count, context in
            guard let context else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
            if let data { state.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count)) }
            return size * count
        }
        _ = cx_setopt_headerfn(handle) { data, size, count, context in
            guard let context else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
            if let data { state.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count)) }
            return size * count
        }
        errorBuffer[0] = 0
        let cpuBefore = Self.threadCPUMicroseconds()
        let wallBefore = ContinuousClock.now
        let code = withExtendedLifetime(state) { curl_easy_perform(handle) }
        let wall = ContinuousClock.now - wallBefore
        let stats = TransferStats(
            wallMicroseconds: wall.components.seconds * 1_000_000 + wall.components.attoseconds / 1_000_000_000_000,
            cpuMicroseconds: Self.threadCPUMicroseconds() - cpuBefore,
            newConnections: getLong(CURLINFO_NUM_CONNECTS)
        )
        guard code == CURLE_OK else { return .failure(classify(code, afterSend: state.bodyHandedOver)) }
        return .success(HTTPExchange(status: getLong(CURLINFO_RESPONSE_CODE), headers: state.headers, body: state.body, stats: stats))
    }

    /// Maps a libcurl failure to the question the settlement engine asks: could it have been sent?
    private func classify(_ code: CURLcode, afterSend: Bool) -> TransportError {
        let detail = lastError(code)
        if afterSend {
            return code == CURLE_OPERATION_TIMEDOUT ? .timeoutAfterSend : .connectionLost(afterSend: true, detail: detail)
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dns(detail)
        case CURLE_COULDNT_CONNECT: return .connect(detail)
        case CURLE_OPERATION_TIMEDOUT: return .timeoutBeforeSend
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED:
            return .tls(detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .configuration(detail)
        default: return .connectionLost(afterSend: false, detail: detail)
        }
    }

    private func lastError(_ code: CURLcode) -> String {
        let buffer = String(cString: errorBuffer)
        let text = String(cString: curl_easy_strerror(code))
        return buffer.isEmpty ? text : "\(text): \(buffer)"
    }

    private func set(_ option: CURLoption, _ value: Int) -> Bool {
        cx_setopt_long(handle, option, value) == CURLE_OK
    }

    private func getLong(_ info: CURLINFO) -> Int {
        var value = 0
        _ = cx_getinfo_long(handle, info, &value)
        return value
    }

    static func threadCPUMicroseconds() -> Int64 {
        var usage = rusage()
        getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD (a GNU extension Swift does not import)
        return (Int64(usage.ru_utime.tv_sec) + Int64(usage.ru_stime.tv_sec)) * 1_000_000
            + Int64(usage.ru_utime.tv_usec) + Int64(usage.ru_stime.tv_usec)
    }
}
