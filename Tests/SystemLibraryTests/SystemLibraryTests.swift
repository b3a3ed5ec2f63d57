import CALSA
import CCurl
import CGPIOD
import CMosquitto
import COpenSSL
import CSQLite3
import CSerialPort
import Testing

/// Each C library the agent links is imported, linked and answers a call. A failure here means a
/// missing Debian package or a broken module map, before any feature test gets confusing.
@Suite("System libraries link and answer")
struct SystemLibraryTests {
    @Test func libserialportReportsItsVersion() {
        let version = String(cString: sp_get_lib_version_string())
        #expect(version.split(separator: ":").count == 3, "libtool version triple, got \(version)")
        #expect(SP_OK.rawValue == 0)
    }

    @Test func libgpiodReportsItsVersion() {
        let version = String(cString: sbg_library_version())
        #expect(version.first?.isNumber == true, "got \(version)")
    }

    @Test func libasoundOpensItsNullDevice() {
        #expect(String(cString: snd_asoundlib_version()).hasPrefix("1.2."))
        var pcm: OpaquePointer?
        #expect(snd_pcm_open(&pcm, "null", SND_PCM_STREAM_PLAYBACK, 0) == 0)
        if let pcm { snd_pcm_close(pcm) }
    }

    @Test func sqliteOpensAnInMemoryDatabase() {
        var db: OpaquePointer?
        #expect(sqlite3_open(":memory:", &db) == SQLITE_OK)
        defer { sqlite3_close(db) }
        #expect(String(cString: sqlite3_libversion()).hasPrefix("3."))
        #expect(sqlite3_threadsafe() != 0)
    }

    @Test func libcurlIsBuiltWithOpenSSL() {
        let info = cx_version_info()!
        let ssl = String(cString: info.pointee.ssl_version)
        #expect(ssl.hasPrefix("OpenSSL/3"), "libcurl's TLS backend must be OpenSSL 3, got \(ssl)")
        #expect(info.pointee.features & CURL_VERSION_SSL != 0)
    }

    @Test func openSSLHashesSHA256() {
        let md = EVP_sha256()
        #expect(EVP_MD_get_size(md) == 32)
        let ctx = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(ctx) }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let input: [UInt8] = Array("abc".utf8)
        #expect(EVP_DigestInit_ex(ctx, md, nil) == 1)
        #expect(EVP_DigestUpdate(ctx, input, input.count) == 1)
        #expect(EVP_DigestFinal_ex(ctx, &digest, &length) == 1)
        let hex = digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func libmosquittoMakesAnMQTT5Client() {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = mosquitto_lib_version(&major, &minor, &revision)
        #expect(major == 2, "MQTT 5 needs libmosquitto 2, got \(major).\(minor).\(revision)")
        #expect(mosquitto_lib_init() == MOSQ_ERR_SUCCESS.rawValue)
        defer { mosquitto_lib_cleanup() }
        let client = mosquitto_new("smoke", true, nil)
        #expect(client != nil)
        defer { mosquitto_destroy(client) }
        #expect(mosquitto_int_option(client, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5) == MOSQ_ERR_SUCCESS.rawValue)
    }
}
