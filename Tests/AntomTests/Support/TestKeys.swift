import Antom
import PaymentModel
import Foundation

/// Key pairs shared by all tests: RSA-2048 generation is the slowest thing a test could do, so
/// each pair is made once per run. Stored as Results because a static initialiser cannot throw.
enum TestKeys {
    static let box = Result { try KeyGenerator.generate() }
    static let simulator = Result { try KeyGenerator.generate() }
    static let stranger = Result { try KeyGenerator.generate() }
}

/// A fresh private temp directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("antom-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    return url
}

/// A 24-digit Alipay+-shaped code whose last two digits select the simulator scenario.
func paymentCode(_ suffix: String = "00") -> String {
    "281001" + (0..<16).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix
}
