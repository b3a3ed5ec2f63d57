import PaymentModel

extension AntomClient: AcquirerLink {
    public var endpoint: String { configuration.transport.baseURL }
}

/// The box's RSA key for Antom, for the console (`key generate`, `key show-public`).
public struct AntomSigningKeys: SigningKeys {
    public init() {}

    public func generate(at path: String) throws -> PublicKeyText {
        let part = try KeyGenerator.generate(writingTo: path)
        return PublicKeyText(pem: part.pem, base64DER: part.base64DER)
    }

    public func publicKey(ofPrivateKeyAt path: String) throws -> PublicKeyText {
        let key = try RSAPrivateKey(contentsOfFile: path).publicKey()
        return PublicKeyText(pem: key.pem, base64DER: key.base64DER)
    }
}
