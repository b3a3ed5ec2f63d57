import Antom
import Events
import Fleet
import PaymentModel
import Indicators
import POSLink
import Scanner
import SerialIO
import Settlement
import Voice

/// Everything the agent is built from, as typed values. The configuration layer (defaults,
/// board, provisioning file, console changes) produces one of these; tests and the demo build
/// one directly.
public struct AgentConfiguration: Sendable {
    public struct ScannerPart: Sendable {
        public var location: PortConfiguration.Location
        public var profile: ScannerProfile
        public var backend: PortConfiguration.Backend = .automatic
        public var duplicateWindow: Duration = .seconds(3)

        public init(location: PortConfiguration.Location, profile: ScannerProfile) {
            self.location = location
            self.profile = profile
        }
    }

    public struct AcquirerPart: Sendable {
        public var client: AntomConfiguration
        /// The box's private key (PEM, mode 0600).
        public var privateKeyPath: String
        /// The acquirer's public key (PEM or base64 DER), for response signatures.
        public var acquirerPublicKeyPath: String

        public init(client: AntomConfiguration, privateKeyPath: String, acquirerPublicKeyPath: String) {
            self.client = client
            self.privateKeyPath = privateKeyPath
            self.acquirerPublicKeyPath = acquirerPublicKeyPath
        }
    }

    public struct IndicatorPart: Sendable {
        public var board: BoardProfile
        public var patternOverrides: [String: String] = [:]
        /// Where simulated outputs append their JSON lines (the `sim` board, tests).
        public var simulationFile: String?
        /// Also draw the LEDs in this terminal (the demo).
        public var drawInTerminal = false

        public init(board: BoardProfile) {
            self.board = board
        }
    }

    /// The speaker: how it speaks, where its packs are, and the board's amplifier line.
    public struct VoicePart: Sendable {
        public var settings: VoiceSettings
        /// The folder holding one pack folder per locale.
        public var packs: String
        public var amplifier: AmplifierBinding?
        /// Appends each phrase's words to this existing file (the demo's transcript); nil on a box.
        public var transcriptFile: String?

        public init(settings: VoiceSettings, packs: String, amplifier: AmplifierBinding? = nil) {
            self.settings = settings
            self.packs = packs
            self.amplifier = amplifier
        }
    }

    public var scanner: ScannerPart
    public var acquirer: AcquirerPart
    public var journalPath: String
    public var journalMaxBytes: Int64?
    public var policy: SettlementPolicy
    public var indicators: IndicatorPart
    /// Where amounts come from: the POS (ECR), a customer-display tap, a fixed price, the console.
    public var amountSource: AmountSourceSettings
    /// node_exporter textfile directory; nil: no metrics file.
    public var metricsDirectory: String?
    /// How often the metrics file is rewritten.
    public var metricsInterval: Duration = .seconds(5)
    /// How long in-flight work may take after SIGTERM before it is cancelled.
    public var shutdownGrace: Duration = .seconds(15)
    /// nil: the box does not speak (`voice.enabled = false`).
    public var voice: VoicePart?
    /// Outputs beyond the built-in ones, each hearing every event on its own buffer.
    public var outputs: [any EventListener] = []
    /// The uplink to the head office over MQTT (`fleet.*`); nil: the box reports to nobody.
    public var fleet: FleetSettings?

    public init(scanner: ScannerPart, acquirer: AcquirerPart, journalPath: String, journalMaxBytes: Int64? = nil,
                policy: SettlementPolicy = SettlementPolicy(), indicators: IndicatorPart, amountSource: AmountSourceSettings,
                metricsDirectory: String? = nil) {
        self.amountSource = amountSource
        self.scanner = scanner
        self.acquirer = acquirer
        self.journalPath = journalPath
        self.journalMaxBytes = journalMaxBytes
        self.policy = policy
        self.indicators = indicators
        self.metricsDirectory = metricsDirectory
    }
}
