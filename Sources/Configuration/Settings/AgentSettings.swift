import PaymentModel
import Money

/// The whole configuration, typed: what the agent's modules are built from. Made only from a
/// configuration that validated (`AgentSettings.build`), so nothing here is optional unless the
/// key itself is.
public struct AgentSettings: Sendable, Hashable {
    public var scanner: Scanner
    public var acquirer: Acquirer
    public var journal: Journal
    public var settlement: Settlement
    public var board: Board
    /// Pattern spec overrides by indicator event (board's, then configuration's).
    public var patterns: [String: String]
    public var console: Console
    public var amount: Amount
    public var voice: Voice
    public var log: Log
    public var metricsDirectory: String
    public var fleet: Fleet = Fleet()

    public struct Scanner: Sendable, Hashable {
        public enum Location: Sendable, Hashable {
            case path(String)
            case usb(vendorID: UInt16, productID: UInt16)
        }

        public var location: Location
        public var profile: String
        /// nil: the profile's own rate.
        public var baudRate: Int?
        public var backend: String
        public var duplicateWindow: Duration
    }

    public struct Acquirer: Sendable, Hashable {
        public var baseURL: String
        public var clientID: String?
        public var keyVersion: String
        public var privateKeyPath: String
        public var publicKeyPath: String
        public var caFile: String?
        public var pinnedPublicKey: String?
        public var connectTimeout: Duration
        public var payTimeout: Duration
        public var callTimeout: Duration
        public var merchantID: String?
        public var merchantName: String?
        public var merchantMCC: String?
        public var storeID: String?
        public var storeName: String?
        public var storeMCC: String?
        public var terminalID: String?
        public var settlementCurrency: Currency?

        /// True when every id the acquirer needs for a payment is set.
        public var isComplete: Bool {
            [clientID, merchantID, merchantName, merchantMCC, storeID, storeName, terminalID].allSatisfy { $0 != nil }
        }
    }

    public struct Journal: Sendable, Hashable {
        public var path: String
        public var maxBytes: Int64
        public var retention: Duration
        /// Where the business day of `report` begins (see `journal.report-day-start`).
        public var reportDayStart: ClockTime
    }

    public struct Settlement: Sendable, Hashable {
        public var inquiryInterval: Duration
        public var maxInquiries: Int
        public var codeValidity: Duration
        /// Minutes after midnight and the UTC offset they are read at (see `settlement.cancel-deadline`).
        public var cancelDeadline: ClockTime
        public var cancelSupported: Bool
    }

    public struct Board: Sendable, Hashable {
        /// A board id, or nil for detection from the device tree.
        public var name: String?
        public var directory: String
    }

    public struct Console: Sendable, Hashable {
        public var port: String
        public var baudRate: Int
        public var idleLogout: Duration
        public var pinHash: PinHashFormat?
        public var supervisorPinHash: PinHashFormat?
    }

    public struct Amount: Sendable, Hashable {
        public enum Source: String, Sendable, Hashable, CaseIterable {
            case fixed, ecr
            case displayTap = "display-tap"
            case console
        }

        public var source: Source
        public var currency: Currency
        /// Set when `source` is fixed (required then).
        public var fixed: Money?
        public var ecrListenAddress: String
        public var ecrPort: Int
        public var ecrToken: String?
        /// Set when the ECR link is a serial line rather than TCP.
        public var ecrSerialPort: String? = nil
        public var ecrBaudRate: Int = 9600
        public var displayTapPort: String? = nil
        public var displayTapBaudRate: Int = 9600
        public var displayTapFormat: String = "decimal"
        /// How long an amount (a POS order, a console charge, a tapped total) waits for a code.
        public var armTimeout: Duration = .seconds(180)
        /// Whether the POS may refund orders over the ECR link.
        public var ecrRefunds: Bool = false
    }

    public struct Voice: Sendable, Hashable {
        public var enabled: Bool
        /// Pack folder names (`cmn`, `en` …): the first, then the second if set.
        public var locales: [String]
        public var volume: Int
        /// nil: the board profile's audio device, else `default`.
        public var device: String?
        public var quietHours: DailyWindow?
        public var quietVolume: Int
        public var announceStartup: Bool
        public var announceFaults: Bool
        public var packs: String
    }

    /// The uplink to the head office (`fleet.*`, docs/FLEET.md).
    public struct Fleet: Sendable, Hashable {
        public var enabled = false
        /// nil until fleet.broker is set: the uplink stays off (a warning says so).
        public var broker: BrokerAddress?
        public var caFile: String?
        public var certificateFile: String?
        public var keyFile: String?
        public var username: String?
        public var password: String?
        /// fleet.box-id, else acquirer.terminal-id; nil when neither is set.
        public var boxID: String?
        public var keepalive: Duration = .seconds(30)

        public init() {}
    }

    public struct Log: Sendable, Hashable {
        public var level: String
        public var file: String
    }
}
