// bench-acquirer: pay round trips against the in-process simulator on loopback, on one warm
// (kept-alive) connection vs a new connection per request.
//
//   swift run -c release bench-acquirer [requests-per-mode] [--tls]
//
// Latency is the whole AntomClient.pay (encode, RSA sign, HTTP, verify, decode). Transport CPU
// is getrusage(RUSAGE_THREAD) of the libcurl thread around curl_easy_perform: the part that
// connection reuse changes (on loopback it also carries the kernel's TCP work for the peer).
// Process CPU includes the in-process simulator (and its RSA), so read it as a total.
// Then the cost of preparing a pay (body + signature), the part on the path from scan to wire.
// --tls puts socat with a throw-away CA in front of the simulator (needs openssl and socat).
import FaultProxy
import Foundation
import Antom
import PaymentModel
import AntomSimulator

let arguments = CommandLine.arguments.dropFirst()
let requests = arguments.compactMap { Int($0) }.first ?? 1000
let tls = arguments.contains("--tls")

let boxKey = try KeyGenerator.generate()
let simKey = try KeyGenerator.generate()
let simulator = try AntomSimulator(configuration: SimulatorConfiguration(signingKey: simKey, boxPublicKey: try boxKey.publicKey(),
                                                                         supportedCurrencies: ["USD"]))
let simPort = try await simulator.start()
let frontDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-acquirer-\(getpid())").path
try FileManager.default.createDirectory(atPath: frontDirectory, withIntermediateDirectories: true)
let front = tls ? try await TLSFront(upstreamPort: simPort, directory: frontDirectory, presenting: .genuine, leafKey: .rsa2048) : nil
let baseURL = front.map { "https://127.0.0.1:\($0.port)" } ?? "http://127.0.0.1:\(simPort)"

var results: [ModeResult] = []
for (name, reuse) in [("warm", true), ("cold", false)] {
    results.append(try await runMode(name: name, reuse: reuse, requests: requests, baseURL: baseURL, caFile: front?.trustedCAFile,
                                     boxKey: boxKey, simPublic: try simKey.publicKey()))
}
front?.stop()
try? FileManager.default.removeItem(atPath: frontDirectory)
await simulator.stop()

print("bench-acquirer: \(requests) pays per mode, \(tls ? "TLS (socat)" : "HTTP") on loopback, in-process antom-sim")
print("mode   latency p50   p99       transport CPU p50   p99      process CPU/req   new connections")
for result in results {
    print([
        result.name.padding(6),
        "\(percentile(result.latency, 0.5)) µs".padding(13), "\(percentile(result.latency, 0.99)) µs".padding(9),
        "\(percentile(result.transportCPU, 0.5)) µs".padding(19), "\(percentile(result.transportCPU, 0.99)) µs".padding(8),
        "\(result.processCPUPerRequest) µs".padding(17), "\(result.connections)",
    ].joined(separator: " "))
}
let (warm, cold) = (results[0], results[1])
let prepare = try await measurePrepare(count: min(requests, 300), boxKey: boxKey, simPublic: try simKey.publicKey())
print("prepare a pay (checks, body, RSA-2048 signature, headers), median: \(prepare.prepare) µs; "
      + "the RSA signature alone \(prepare.rsa) µs, so \(prepare.prepare - prepare.rsa) µs besides it; "
      + "JSONEncoder for the same body (the old way) \(prepare.jsonEncoder) µs")
print("cold/warm: latency p50 \(ratio(percentile(cold.latency, 0.5), percentile(warm.latency, 0.5))), "
      + "transport CPU p50 \(ratio(percentile(cold.transportCPU, 0.5), percentile(warm.transportCPU, 0.5))), "
      + "process CPU \(ratio(cold.processCPUPerRequest, warm.processCPUPerRequest))")
