import PaymentModel
import FoundationEssentials
import Logging
import Synchronization

/// Signed Antom calls over one warm connection. See docs/ACQUIRER.md for the protocol choices.
public final class AntomClient: Acquirer {
    public var name: String { "antom" }
    public let configuration: AntomConfiguration
    let transport: HTTPTransport
    let privateKey: RSAPrivateKey
    let verifier: ResponseVerifier
    let logger: Logger
    let transferObserver: (@Sendable (Endpoint, TransferStats) -> Void)?
    private let skew = Mutex<Duration?>(nil)

    /// - Parameter transferObserver: called after every completed HTTP exchange with its cost
    ///   (metrics, the benchmark); runs on the transport's caller, keep it cheap.
    public init(configuration: AntomConfiguration, privateKey: RSAPrivateKey, acquirerPublicKey: RSAPublicKey,
                logger: Logger = Logger(label: "scanbridge.acquirer"),
                transferObserver: (@Sendable (Endpoint, TransferStats) -> Void)? = nil) throws(TransportError) {
        self.configuration = configuration
        self.transport = try HTTPTransport(configuration: configuration.transport)
        self.privateKey = privateKey
        self.verifier = ResponseVerifier(acquirerKey: acquirerPublicKey, clientID: configuration.clientID)
        self.logger = logger
        self.transferObserver = transferObserver
    }

    /// Pre-warms the connection. Call once at start; a failure is logged, not fatal (the first
    /// payment will try again).
    @discardableResult
    public func start() async -> TransportError? {
        let failure = await transport.warm()
        if let failure {
            logger.warning("acquirer not reachable at start", metadata: ["error": "\(failure)"])
        }
        return failure
    }

    /// Runs until cancelled, keeping the connection warm (see `TransportConfiguration.keepWarmInterval`).
    public func keepWarm() async {
        await transport.keepWarm()
    }

    /// Failed calls after which the link started again on a new handle and connection.
    public var linkResets: Int { transport.linkResets }

    /// How far the acquirer's clock was ahead of ours (negative: behind) at the last verified
    /// answer, from its signed `response-time` (one-second resolution). Antom refuses requests
    /// whose `request-time` is far off, so the console shows this.
    public var observedClockSkew: Duration? { skew.withLock { $0 } }

    /// What one signed call came back with, before operation-specific mapping.
    enum Reply<Response> {
        case verified(Response)
        case unknown(UnknownReason)
        case configuration(ConfigurationProblem)
    }

    /// A request encoded and signed, not yet sent. Signing costs about a millisecond of RSA, so
    /// the settlement engine does it while the journal's fsync runs, then sends these bytes.
    struct SignedCall: Sendable {
        let endpoint: Endpoint
        let path: String
        let headers: [(String, String)]
        let body: [UInt8]
        let timeout: Duration
        let metadata: Logger.Metadata
    }

    /// Encodes once, signs those bytes, sends those bytes, checks the response signature, decodes.
    func call<Request: WireRequest, Response: Decodable>(
        _ endpoint: Endpoint, _ request: Request, timeout: Duration, as: Response.Type, metadata: Logger.Metadata
    ) async -> Reply<Response> {
        switch sign(endpoint, request, timeout: timeout, metadata: metadata) {
        case .failure(let problem): return .configuration(problem)
        case .success(let signed): return await send(signed, as: Response.self)
        }
    }

    /// Encodes `request` and signs exactly those bytes; nothing leaves the box.
    func sign<Request: WireRequest>(
        _ endpoint: Endpoint, _ request: Request, timeout: Duration, metadata: Logger.Metadata
    ) -> Result<SignedCall, ConfigurationProblem> {
        let path = endpoint.path(prefix: configuration.pathPrefix)
        var metadata = metadata
        metadata["endpoint"] = "\(endpoint.rawValue)"
        let body: [UInt8]
        do {
            body = try request.wireBody()
        } catch {
            return .failure(.local("cannot encode \(endpoint.rawValue) request: \(error)"))
        }
        let time = String(Timestamp.epochMilliseconds())
        let content = SignContent.bytes(path: path, clientID: configuration.clientID, time: time, body: body)
        let signature: [UInt8]
        do {
            signature = try privateKey.sign(content)
        } catch {
            logger.error("cannot sign acquirer request", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return .failure(.local(error.description))
        }
        let headers = [
            ("Content-Type", "application/json; charset=UTF-8"),
            ("client-id", configuration.clientID),
            ("request-time", time),
            ("signature", SignatureHeader(keyVersion: configuration.keyVersion, signature: signature).headerValue),
        ]
        return .success(SignedCall(endpoint: endpoint, path: path, headers: headers, body: body, timeout: timeout, metadata: metadata))
    }

    /// Sends a signed request, checks the response signature, decodes.
    func send<Response: Decodable>(_ signed: SignedCall, as: Response.Type) async -> Reply<Response> {
        judge(signed, await start(signed).result, as: Response.self)
    }

    /// Queues a signed request on the transport now and returns; its answer is judged by `judge`.
    func start(_ signed: SignedCall) -> PendingExchange {
        transport.start(path: signed.path, headers: signed.headers, body: signed.body, timeout: signed.timeout)
    }

    /// What an exchange means: the transport's failure, or the answer checked and decoded.
    func judge<Response: Decodable>(_ signed: SignedCall, _ result: Result<HTTPExchange, TransportError>, as: Response.Type) -> Reply<Response> {
        let (endpoint, path) = (signed.endpoint, signed.path)
        var metadata = signed.metadata
        let exchange: HTTPExchange
        switch result {
        case .success(let answer):
            exchange = answer
        case .failure(let error):
            logger.warning("acquirer call failed in transport", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return .unknown(.transport(error))
        }
        transferObserver?(endpoint, exchange.stats)
        let reply = Self.reply(status: exchange.status, headers: exchange.headers, body: exchange.body, path: path,
                               verifier: verifier, endpoint: endpoint, as: Response.self)
        switch reply {
        case .unknown(.httpStatus(let status)):
            logger.warning("acquirer answered HTTP \(status)", metadata: metadata)
        case .unknown(.unverifiedResponse(let issue, let claimed)):
            metadata["security"] = "response-signature"
            metadata["issue"] = "\(issue.rawValue)"
            metadata["claimedResultCode"] = "\(claimed ?? "-")"
            logger.warning("SECURITY: acquirer response failed verification; treating the outcome as unknown", metadata: metadata)
        case .unknown(.malformedResponse):
            noteClockSkew(exchange.headers)
            logger.error("signed acquirer response is not readable", metadata: metadata)
        case .verified:
            noteClockSkew(exchange.headers)
        case .unknown, .configuration:
            break
        }
        return reply
    }

    /// Judges an answer without the transport: HTTP 200, then an authentic signature, and only
    /// then the body. An answer that fails a check is never decoded as a response. Pure, so the
    /// fuzzer drives it (Fuzz/).
    static func reply<Response: Decodable>(
        status: Int, headers: [String: String], body: [UInt8], path: String, verifier: ResponseVerifier,
        endpoint: Endpoint, as: Response.Type
    ) -> Reply<Response> {
        guard status == 200 else { return .unknown(.httpStatus(status)) }
        let decoder = JSONDecoder()
        if let issue = verifier.issue(path: path, headers: headers, body: body) {
            let claimed = try? decoder.decode(WireEnvelope.self, from: Data(body)).result.resultCode
            return .unknown(.unverifiedResponse(issue, claimedResultCode: claimed))
        }
        return decodeVerified(body, endpoint: endpoint, as: Response.self)
    }

    /// The body of an answer that already passed the signature check.
    static func decodeVerified<Response: Decodable>(_ body: [UInt8], endpoint: Endpoint, as: Response.Type) -> Reply<Response> {
        do {
            return .verified(try JSONDecoder().decode(Response.self, from: Data(body)))
        } catch {
            return .unknown(.malformedResponse("cannot decode \(endpoint.rawValue) response: \(error)"))
        }
    }

    /// The acquirer's signed `response-time` against our clock.
    private func noteClockSkew(_ headers: [String: String]) {
        if let text = headers["response-time"], let seconds = Timestamp.epochSeconds(parsing: text) {
            let offset = Duration.milliseconds(seconds * 1000 - Timestamp.epochMilliseconds())
            skew.withLock { $0 = offset }
        }
    }
}
