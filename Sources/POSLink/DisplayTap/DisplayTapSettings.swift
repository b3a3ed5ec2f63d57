import SerialIO

/// `amount-source = display-tap`: a second serial port wired in parallel to the POS's
/// customer-display cable (receive only). The amount shown under the "total" lamp is armed.
public struct DisplayTapSettings: Hashable, Sendable {
    /// The tap's serial port (device path or udev symlink).
    public var port: String
    /// The display line's settings; most pole displays run 9600 8N1.
    public var baudRate: Int
    public var currency: String
    /// How the POS writes amounts on the display.
    public var amountFormat: AmountFormat
    /// Arm only amounts shown under the total lamp (`ESC s 2`). Off for POS software that never
    /// lights lamps: then every amount shown is armed, item prices included.
    public var requireTotalLamp: Bool
    /// A total that no code has paid within this time is disarmed.
    public var armTimeout: Duration
    public var referencePrefix: String

    public enum AmountFormat: String, Hashable, Sendable, CaseIterable {
        /// As a person reads it: "12.50" (USD), "1250" (JPY); a missing decimal point means whole units.
        case decimal
        /// Minor units with the point implied: "1250" is 12.50 USD.
        case minorUnits = "minor-units"
    }

    public init(port: String, baudRate: Int = 9600, currency: String, amountFormat: AmountFormat = .decimal,
                requireTotalLamp: Bool = true, armTimeout: Duration = .seconds(180), referencePrefix: String = "DT") {
        self.port = port
        self.baudRate = baudRate
        self.currency = currency
        self.amountFormat = amountFormat
        self.requireTotalLamp = requireTotalLamp
        self.armTimeout = armTimeout
        self.referencePrefix = referencePrefix
    }

    public func validate() -> [SettingsProblem] {
        var check = SettingsCheck()
        if port.isEmpty { check.fail("display-tap.port", "is required (e.g. /dev/scanbridge/display)") }
        var serial = SerialSettings()
        serial.baudRate = baudRate
        do {
            try serial.validate()
        } catch {
            check.fail("display-tap.baud", "\(error)")
        }
        _ = check.currency(currency, key: "display-tap.currency")
        check.positive(armTimeout, key: "display-tap.arm-timeout")
        check.reference(prefix: referencePrefix, key: "display-tap.reference-prefix")
        return check.problems
    }
}
