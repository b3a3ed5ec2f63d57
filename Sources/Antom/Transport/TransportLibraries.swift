import PaymentModel
import CCurl
import COpenSSL

/// The C libraries under the acquirer link, as loaded at run time rather than as built against:
/// the same binary runs on Debian 12 (libcurl 7.88) and Debian 13 (libcurl 8.14), and they
/// behave differently when a connection drops, so `scanbridge run` logs both at start.
public enum TransportLibraries {
    /// The oldest libcurl the handle's options need: `CURLOPT_PROTOCOLS_STR` came in 7.85.0.
    public static let oldestCurl = (major: 7, minor: 85, patch: 0)

    /// e.g. `8.14.1`.
    public static var curlVersion: String {
        cx_version_info().pointee.version.map { String(cString: $0) } ?? "unknown"
    }

    /// The TLS library libcurl itself uses, e.g. `OpenSSL/3.5.1`.
    public static var curlTLS: String {
        cx_version_info().pointee.ssl_version.map { String(cString: $0) } ?? "none"
    }

    /// The OpenSSL the signatures use, e.g. `OpenSSL 3.0.17 1 Jul 2025`.
    public static var openSSLVersion: String {
        OpenSSL_version(0).map { String(cString: $0) } ?? "unknown"  // 0 = OPENSSL_VERSION
    }

    /// False for a libcurl older than `oldestCurl`.
    public static var curlIsSupported: Bool {
        let number = Int(cx_version_info().pointee.version_num)
        let oldest = oldestCurl.major << 16 | oldestCurl.minor << 8 | oldestCurl.patch
        return number >= oldest
    }
}
