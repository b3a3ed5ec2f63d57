import Console
import PaymentModel
import Configuration
import Indicators
import Logging
import Money
import Scanner
import SerialIO
import Settlement

// The Configuration module imports none of the modules it configures; these turn its typed
// settings into each module's own types, for the composition root.

extension Validator {
    /// The full check: the catalog's types plus pattern specs parsed by the Indicators module.
    public static let agent = Validator { key, value in
        guard key.hasPrefix("indicators.pattern.") else { return nil }
        do {
            _ = try PatternSpec.parse(value)
            return nil
        } catch {
            return "is not a valid pattern: \(error)"
        }
    }
}

extension ConfigurationLayer {
    /// A board profile's contribution: its scanner and console ports and its pattern overrides.
    public static func board(_ profile: BoardProfile) -> ConfigurationLayer {
        .board(id: profile.id, scannerPort: profile.scannerPort, consolePort: profile.consolePort, patterns: profile.patterns)
    }
}

extension ConfigurationStore {
    /// Defaults < `board` < `/etc/scanbridge/scanbridge.conf` < the console's saved changes, checked
    /// with `Validator.agent`.
    public static func loadAgent(
        board: BoardProfile?, provisioningFile: String? = provisioningPath, consoleLayerPath: String = consoleLayerPath
    ) throws(ConfigurationIssues) -> ConfigurationStore {
        try load(board: board.map(ConfigurationLayer.board), provisioningFile: provisioningFile,
                 consoleLayerPath: consoleLayerPath, validator: .agent)
    }
}

extension ConfigurationStore {
    /// Loads everything in the order the layers need: the file and console layers say which board
    /// (`board.name`, `board.directory`), the board profile is loaded (or detected from the device
    /// tree when `board.name = auto`), then all four layers are merged and checked.
    ///
    /// - Returns: the store and the board profile (nil when `auto` matched nothing).
    public static func loadAgent(
        provisioningFile: String? = provisioningPath, consoleLayerPath: String = consoleLayerPath,
        compatibleFile: String = "/proc/device-tree/compatible"
    ) throws(ConfigurationIssues) -> (ConfigurationStore, BoardProfile?) {
        let file = try provisioningFile.flatMap { (path) throws(ConfigurationIssues) in try readLayer(path, kind: .file) }
        let console = try readLayer(consoleLayerPath, kind: .console)
        let fleet = try readLayer(fleetLayerPath(besides: consoleLayerPath), kind: .fleet)
        let upper = LayeredConfiguration(file: file, fleet: fleet, console: console)
        let name = upper.value(KeyName.boardName.rawValue) ?? "auto"
        let directory = upper.value(KeyName.boardDirectory.rawValue) ?? ""
        let board: BoardProfile?
        do {
            if name == "auto" {
                board = BoardProfile.detect(among: try BoardProfile.loadAll(directory: directory).values, compatibleFile: compatibleFile)
            } else {
                board = try BoardProfile.load(path: directory + "/" + name + ".json")
            }
        } catch {
            let location = upper.resolved(KeyName.boardName.rawValue)?.layer.location(of: KeyName.boardName.rawValue) ?? "configuration"
            throw ConfigurationIssues([ConfigurationIssue(key: KeyName.boardName.rawValue, location: location, "board profile \(name) cannot be used: \(error)")])
        }
        let store = try loadAgent(board: board, provisioningFile: provisioningFile, consoleLayerPath: consoleLayerPath)
        return (store, board)
    }
}

extension AgentSettings.Scanner {
    public var portLocation: PortConfiguration.Location {
        switch location {
        case .path(let path): .path(path)
        case .usb(let vendor, let product): .usb(vendorID: vendor, productID: product)
        }
    }

    public var portBackend: PortConfiguration.Backend {
        PortConfiguration.Backend(rawValue: backend) ?? .automatic
    }

    /// The named profile with the configured baud rate, if any.
    public func scannerProfile() throws(ScannerProfileError) -> ScannerProfile {
        var profile = try ScannerProfile.named(self.profile)
        if let baudRate { profile.serial.baudRate = baudRate }
        return profile
    }
}

extension AgentSettings {
    public func settlementPolicy() -> SettlementPolicy {
        var policy = SettlementPolicy()
        policy.inquiryInterval = settlement.inquiryInterval
        policy.maxInquiries = settlement.maxInquiries
        policy.codeValidity = settlement.codeValidity
        policy.cancelDeadline = CancelDeadline(minuteOfDay: settlement.cancelDeadline.minuteOfDay,
                                               utcOffsetSeconds: settlement.cancelDeadline.utcOffsetSeconds)
        policy.cancelSupported = settlement.cancelSupported
        policy.retention = journal.retention
        return policy
    }

    /// The board's patterns with configuration's overrides (both already in `patterns`).
    public func patternBook() throws(PatternBookError) -> PatternBook {
        try PatternBook.defaults.overriding(with: patterns)
    }
}

extension AgentSettings.Log {
    /// `log.level` as swift-log's level (the catalog allows only its names).
    public var loggerLevel: Logger.Level {
        Logger.Level(rawValue: level) ?? .info
    }
}
