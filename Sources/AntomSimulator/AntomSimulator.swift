import Antom
import PaymentModel
import FlyingFox
import FlyingSocks
import Foundation

/// A local stand-in for Antom: the same four endpoints over HTTP on loopback, request
/// signatures checked with the box's key, responses signed with the simulator's own key.
///
/// Tests start it in-process on port 0; `antom-sim` runs it standalone.
public final class AntomSimulator: Sendable {
    public let ledger: Ledger
    let configuration: SimulatorConfiguration
    let server: HTTPServer
    /// Told of every pay as soon as its body has arrived: the payment code and the wall clock in
    /// µs (the end-to-end benchmark's "request fully received by the acquirer").
    let payObserver: (@Sendable (_ code: String, _ receivedAtMicros: Int64) -> Void)?

    public init(configuration: SimulatorConfiguration, host: String = "127.0.0.1", port: UInt16 = 0,
                payObserver: (@Sendable (_ code: String, _ receivedAtMicros: Int64) -> Void)? = nil) throws {
        self.configuration = configuration
        self.payObserver = payObserver
        self.ledger = Ledger(configuration: configuration)
        self.server = HTTPServer(address: try sockaddr_in.inet(ip4: host, port: port), timeout: 120,
                                 pool: NoDelaySocketPool(inner: HTTPServer.defaultPool()), logger: .disabled)
    }

    /// Starts serving in a background task and returns the bound port once it listens.
    public func start() async throws -> UInt16 {
        await installRoutes()
        let server = self.server
        Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard case .ip4(_, let port) = await server.listeningAddress else { throw SocketError.unsupportedAddress }
        return port
    }

    public func stop() async {
        await server.stop(timeout: 1)
    }

    private func installRoutes() async {
        for endpoint in Endpoint.allCases {
            let path = endpoint.path(prefix: configuration.pathPrefix)
            await server.appendRoute(HTTPRoute(methods: [.POST], path: path)) { [self] request in
                try await self.handle(endpoint, path: path, request: request)
            }
        }
        await server.appendRoute(HTTPRoute(methods: [.GET], path: "/sim/ledger")) { [ledger] _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: try Self.encode(await ledger.snapshot()))
        }
        await server.appendRoute(HTTPRoute(methods: [.POST], path: "/sim/scenario")) { [ledger] request in
            guard let control = try? JSONDecoder().decode(ScenarioControl.self, from: try await request.bodyData) else {
                return HTTPResponse(statusCode: .badRequest, body: Data("expected {\"scenario\": \"<name>\", \"count\": n}".utf8))
            }
            await ledger.override(control.scenario, count: control.count ?? 1)
            return HTTPResponse(statusCode: .ok)
        }
        // The client's keep-warm HEAD gets a cheap empty 200.
        await server.appendRoute(HTTPRoute("/")) { [ledger] _ in
            await ledger.countWarmup()
            return HTTPResponse(statusCode: .ok)
        }
    }

    /// Body of `POST /sim/scenario`.
    struct ScenarioControl: Codable {
        var scenario: Scenario
        var count: Int?
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
