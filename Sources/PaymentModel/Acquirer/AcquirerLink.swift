/// An acquirer as the technician sees it: where it is, whether it can be reached, and whether its
/// clock agrees with ours. `test acquirer` needs this much and no more of any acquirer.
public protocol AcquirerLink: Acquirer {
    /// Where requests go (a base URL), for the self-test's report.
    var endpoint: String { get }
    /// Opens (or re-opens) the connection; nil when it is up, otherwise why not.
    func start() async -> TransportError?
    /// How far the acquirer's clock is from ours, as its last answers showed; nil before one.
    var observedClockSkew: Duration? { get }
}

/// The box's signing key, as a technician manages it from the console: made on the box (the
/// private half never leaves it), and its public half shown for registration with the acquirer.
public protocol SigningKeys: Sendable {
    /// Makes a new key at `path` (never over an existing file) and returns its public half.
    func generate(at path: String) throws -> PublicKeyText
    /// The public half of the private key at `path`.
    func publicKey(ofPrivateKeyAt path: String) throws -> PublicKeyText
}

/// A public key in the two forms an acquirer's dashboard takes.
public struct PublicKeyText: Sendable, Equatable {
    public let pem: String
    /// Base64 DER SubjectPublicKeyInfo, one line.
    public let base64DER: String

    public init(pem: String, base64DER: String) {
        self.pem = pem
        self.base64DER = base64DER
    }
}
