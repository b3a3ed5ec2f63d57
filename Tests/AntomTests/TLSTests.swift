import Antom
import PaymentModel
import AntomSimulator
import Foundation
import Testing

/// TLS through a real terminator (socat) in front of the simulator, with a CA made at test time.
/// Verification is always on; these tests show the CA file and the pin are what decide.
@Suite("TLS via socat with a test CA")
struct TLSTests {
    /// Runs `body` with a fresh PKI and a simulator behind socat, and tears all of it down.
    private func withTLS(_ body: (TestPKI, TLSTerminator, AntomSimulator) async throws -> Void) async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let box = try TestKeys.box.get()
        let simulator = try AntomSimulator(configuration: SimulatorConfiguration(signingKey: try TestKeys.simulator.get(), boxPublicKey: box.publicKey()))
        let port = try await simulator.start()
        let terminator = try await TLSTerminator(pki: pki, backendPort: port)
        do {
            try await body(pki, terminator, simulator)
        } catch {
            terminator.stop()
            await simulator.stop()
            throw error
        }
        terminator.stop()
        await simulator.stop()
    }

    private func client(port: UInt16, caFile: String?, pin: String? = nil) throws -> AntomClient {
        let box = try TestKeys.box.get()
        return try SimulatorHarness.makeClient(baseURL: "https://127.0.0.1:\(port)", caFile: caFile, pin: pin,
                                               clientKey: box, acquirerKey: TestKeys.simulator.get().publicKey()).0
    }

    @Test func theRightCAWorks() async throws {
        try await withTLS { pki, terminator, simulator in
            let client = try client(port: terminator.port, caFile: pki.caCert)
            #expect(await client.start() == nil)
            guard case .success = await client.pay(try SimulatorHarness.command(code: paymentCode())) else {
                Issue.record("pay over TLS with the right CA succeeds")
                return
            }
            #expect(await simulator.ledger.snapshot().requests == 1)
        }
    }

    @Test func theWrongCAFailsAsTLSAndNoRequestLeaves() async throws {
        try await withTLS { pki, terminator, simulator in
            let client = try client(port: terminator.port, caFile: pki.otherCACert)
            let outcome = await client.pay(try SimulatorHarness.command(code: paymentCode()))
            guard case .unknown(.transport(.tls(let detail))) = outcome else {
                Issue.record("expected a TLS failure, got \(outcome)")
                return
            }
            #expect(detail.localizedCaseInsensitiveContains("certificate"), "the message says why: \(detail)")
            #expect(!TransportError.tls(detail).requestMayHaveReachedAcquirer)
            let ledger = await simulator.ledger.snapshot()
            #expect(ledger.requests == 0, "nothing reached the simulator")
            #expect(ledger.warmups == 0)
        }
    }

    @Test func theSystemStoreDoesNotTrustATestCA() async throws {
        try await withTLS { _, terminator, simulator in
            let outcome = await (try client(port: terminator.port, caFile: nil)).pay(try SimulatorHarness.command(code: paymentCode()))
            guard case .unknown(.transport(.tls)) = outcome else {
                Issue.record("verification stays on without a CA file, got \(outcome)")
                return
            }
            #expect(await simulator.ledger.snapshot().requests == 0)
        }
    }

    @Test func publicKeyPinning() async throws {
        try await withTLS { pki, terminator, simulator in
            let pinned = try client(port: terminator.port, caFile: pki.caCert, pin: pki.leafPin())
            guard case .success = await pinned.pay(try SimulatorHarness.command(code: paymentCode())) else {
                Issue.record("the right pin works")
                return
            }
            let wrongPin = "sha256//" + Data(repeating: 7, count: 32).base64EncodedString()
            let mispinned = try client(port: terminator.port, caFile: pki.caCert, pin: wrongPin)
            guard case .unknown(.transport(.tls)) = await mispinned.pay(try SimulatorHarness.command(code: paymentCode())) else {
                Issue.record("a pin mismatch is a TLS failure")
                return
            }
            #expect(await simulator.ledger.snapshot().requests == 1)
        }
    }
}
