import Antom
import PaymentModel
import ArgumentParser

/// `scanbridge keygen --out PATH`: makes the box's RSA-2048 key pair. The private key is written
/// with mode 0600 and never printed; the public key is printed for registration in Antom
/// Dashboard (Developer → Key configuration).
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate the box's RSA-2048 signing key and print its public key for registration."
    )

    @Option(name: .long, help: "Where to write the private key (PKCS#8 PEM, mode 0600). Must not exist yet.")
    var out: String

    /// A `SigningError` propagates as is: ArgumentParser prints its description without usage.
    func run() throws {
        let publicPart = try KeyGenerator.generate(writingTo: out)
        print("Private key written to \(out) (mode 0600). Keep it on this box.")
        print("")
        print("Public key (PEM):")
        print(publicPart.pem, terminator: "")
        print("")
        print("Public key (base64 DER, paste into Antom Dashboard):")
        print(publicPart.base64DER)
    }
}
