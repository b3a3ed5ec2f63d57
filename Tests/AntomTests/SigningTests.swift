import Antom
import PaymentModel
import Foundation
import Testing

@Suite("Signing: RSA-SHA256 PKCS#1 v1.5, cross-checked with the openssl CLI")
struct SigningTests {
    static let body = Array(#"{"order":{"orderDescription":"2 bowls \"ramen\" / näh"},"paymentAmount":{"currency":"USD","value":"1234"}}"#.utf8)

    @Test func signContentIsMethodPathNewlineClientIdTimeBody() {
        let content = SignContent.bytes(path: "/ams/api/v1/payments/pay", clientID: "SANDBOX_X", time: "1685599933871", body: Array("{}".utf8))
        #expect(String(decoding: content, as: UTF8.self) == "POST /ams/api/v1/payments/pay\nSANDBOX_X.1685599933871.{}")
    }

    @Test func signatureMatchesOpenSSLDgstByteForByte() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("box.pem").path
        try KeyGenerator.generate(writingTo: keyPath)
        let key = try RSAPrivateKey(contentsOfFile: keyPath)
        let content = SignContent.bytes(path: "/ams/api/v1/payments/pay", clientID: "SANDBOX_X", time: "1685599933871", body: Self.body)
        let messagePath = directory.appendingPathComponent("content.bin")
        try Data(content).write(to: messagePath)

        let ours = try key.sign(content)
        let theirs = try ProcessRunner.openssl(["dgst", "-sha256", "-sign", keyPath, messagePath.path])
        #expect(ours == Array(theirs), "PKCS#1 v1.5 is deterministic: the CLI must produce the same bytes")
        #expect(ours.count == 256)

        // And the CLI accepts ours with the public key we print for registration.
        let publicPath = directory.appendingPathComponent("box.pub.pem")
        try key.publicKey().pem.write(to: publicPath, atomically: true, encoding: .utf8)
        let signaturePath = directory.appendingPathComponent("sig.bin")
        try Data(ours).write(to: signaturePath)
        let verdict = try ProcessRunner.openssl(["dgst", "-sha256", "-verify", publicPath.path, "-signature", signaturePath.path, messagePath.path])
        #expect(String(decoding: verdict, as: UTF8.self).contains("Verified OK"))
    }

    @Test func pkcs1KeyFromTheCLILoadsAndVerifiesAgainstItsSignature() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("rsa.pem").path
        try ProcessRunner.openssl(["genrsa", "-traditional", "-out", keyPath, "2048"])
        chmod(keyPath, 0o600)
        #expect(try String(contentsOfFile: keyPath, encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let key = try RSAPrivateKey(contentsOfFile: keyPath)
        let messagePath = directory.appendingPathComponent("m.bin")
        try Data(Self.body).write(to: messagePath)
        let cliSignature = try ProcessRunner.openssl(["dgst", "-sha256", "-sign", keyPath, messagePath.path])
        #expect(try key.publicKey().isValidSignature(Array(cliSignature), for: Self.body))
        #expect(try key.sign(Self.body) == Array(cliSignature))
        var tampered = Self.body
        tampered[0] ^= 1
        #expect(try !key.publicKey().isValidSignature(Array(cliSignature), for: tampered))
    }

    @Test("a key file others can read, or its group can write, is refused", arguments: [0o604, 0o644, 0o660, 0o620])
    func openKeyFileIsRefused(mode: Int) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("box.pem").path
        try KeyGenerator.generate(writingTo: keyPath)
        chmod(keyPath, mode_t(mode))
        #expect(throws: SigningError.keyFileTooOpen(path: keyPath, mode: UInt32(0o100000 | mode))) {
            try RSAPrivateKey(contentsOfFile: keyPath)
        }
        let message = SigningError.keyFileTooOpen(path: keyPath, mode: UInt32(mode)).description
        #expect(message.contains("chmod 600"))
    }

    /// `root:scanbridge 0640`, as docs/DEPLOYMENT.md provisions it: group-readable is fine when the
    /// group is the agent's own, refused when it is anyone else's.
    @Test func groupReadableOnlyByTheAgentsOwnGroup() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("box.pem").path
        try KeyGenerator.generate(writingTo: keyPath)
        chmod(keyPath, 0o640)
        #expect(chown(keyPath, geteuid(), getegid()) == 0)
        _ = try RSAPrivateKey(contentsOfFile: keyPath)

        // Another group: root can give the file any group; others can use a supplementary one.
        var groups = [gid_t](repeating: 0, count: 64)
        let count = Int(getgroups(Int32(groups.count), &groups))
        let foreign: gid_t? = geteuid() == 0 ? 65534 : groups.prefix(max(0, count)).first { $0 != getegid() }
        let other = try #require(foreign, "no group other than the process's own to give the file")
        #expect(chown(keyPath, geteuid(), other) == 0)
        #expect(throws: SigningError.keyFileTooOpen(path: keyPath, mode: UInt32(0o100640))) {
            try RSAPrivateKey(contentsOfFile: keyPath)
        }
    }

    @Test func keygenWritesMode0600AndNeverOverwrites() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("box.pem").path
        let publicPart = try KeyGenerator.generate(writingTo: keyPath)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: keyPath, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(publicPart.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        // The printed forms are the same key, and the CLI agrees it belongs to the private key.
        #expect(try RSAPublicKey(text: publicPart.base64DER).der == RSAPublicKey(text: publicPart.pem).der)
        let cliPublic = try ProcessRunner.openssl(["pkey", "-in", keyPath, "-pubout"])
        #expect(String(decoding: cliPublic, as: UTF8.self) == publicPart.pem)
        #expect(throws: SigningError.keyFileExists(path: keyPath)) { try KeyGenerator.generate(writingTo: keyPath) }
    }

    @Test func smallOrNonRSAKeysAreRefused() throws {
        let rsa1024 = try ProcessRunner.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"])
        #expect(throws: SigningError.keyTooSmall(bits: 1024)) { try RSAPrivateKey(pem: Array(rsa1024)) }
        let ec = try ProcessRunner.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        #expect(throws: SigningError.notRSA) { try RSAPrivateKey(pem: Array(ec)) }
        #expect(throws: (any Error).self) { try RSAPrivateKey(pem: Array("not a key".utf8)) }
    }
}

@Suite("The signature header")
struct SignatureHeaderTests {
    @Test func headerValueIsURLEncodedBase64() {
        let header = SignatureHeader(keyVersion: "1", signature: [0xFB, 0xFF, 0xBF, 0x00])
        // base64 "+/+/AA==" → %2B %2F and %3D like Java's URLEncoder.
        #expect(header.headerValue == "algorithm=RSA256,keyVersion=1,signature=%2B%2F%2B%2FAA%3D%3D")
    }

    @Test("parsing tolerates spaces, order and unencoded base64", arguments: [
        "algorithm=RSA256,keyVersion=1,signature=%2B%2F%2B%2FAA%3D%3D",
        "algorithm=RSA256, keyVersion=1, signature=%2B%2F%2B%2FAA%3D%3D",
        "keyVersion=1,algorithm=RSA256,signature=%2b%2f%2b%2fAA%3d%3d",
        "algorithm=RSA256,keyVersion=1,signature=+/+/AA==",
        "algorithm=RSA256 ,keyVersion=1 , signature=%2B%2F%2B%2FAA%3D%3D ",
    ])
    func robustParse(value: String) throws {
        let header = try #require(SignatureHeader(parsing: value))
        #expect(header.signature == [0xFB, 0xFF, 0xBF, 0x00])
        #expect(header.keyVersion == "1")
    }

    @Test("unusable headers are refused", arguments: [
        "", "algorithm=RSA256,keyVersion=1", "algorithm=RSA512,keyVersion=1,signature=AAAA",
        "algorithm=RSA256,keyVersion=1,signature=", "algorithm=RSA256,keyVersion=1,signature=%ZZ", "garbage,signature=AAAA",
    ])
    func refused(value: String) {
        #expect(SignatureHeader(parsing: value) == nil)
    }

    @Test func roundTripOfARealSignature() throws {
        let key = try TestKeys.box.get()
        let signature = try key.sign(Array("x".utf8))
        let header = SignatureHeader(keyVersion: "3", signature: signature)
        #expect(SignatureHeader(parsing: header.headerValue) == header)
    }
}
