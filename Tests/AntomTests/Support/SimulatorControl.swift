import AntomSimulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The simulator's control endpoints, called over HTTP the way a crash test in another process would.
struct SimulatorControl {
    let port: UInt16

    struct Failure: Error { let status: Int }

    func setScenario(_ scenario: Scenario, count: Int) async throws {
        var request = URLRequest(url: try url("/sim/scenario"))
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"scenario":"\#(scenario.rawValue)","count":\#(count)}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw Failure(status: status) }
    }

    func ledger() async throws -> LedgerSnapshot {
        let (data, _) = try await URLSession.shared.data(from: try url("/sim/ledger"))
        return try JSONDecoder().decode(LedgerSnapshot.self, from: data)
    }

    private func url(_ path: String) throws -> URL {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw HarnessError.invalidURL }
        return url
    }
}
