/// A logical indicator output, such as `led.green` or `buzzer`. Patterns speak only in these names;
/// a board profile binds each to a GPIO line, an LED-class LED, a PWM channel or the simulator.
///
/// Names are open-ended (`led.blue`, `led.white`) so a board with an RGB or blue LED can define its
/// own patterns without a code change.
public struct OutputName: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let green = OutputName(rawValue: "led.green")
    public static let red = OutputName(rawValue: "led.red")
    public static let amber = OutputName(rawValue: "led.amber")
    public static let blue = OutputName(rawValue: "led.blue")
    public static let buzzer = OutputName(rawValue: "buzzer")

    /// The outputs the default patterns use.
    public static let standard: [OutputName] = [.green, .red, .amber, .buzzer]

    /// Parses `led.green`, or the short form `green` used in pattern specs.
    /// Only `buzzer` and `led.<colour>` exist, so a typo fails loudly instead of driving nothing.
    public init?(parsing text: some StringProtocol) {
        let name = String(text)
        if name == "buzzer" {
            self = .buzzer
        } else if name.hasPrefix("led."), name.count > 4, Self.isWord(name.dropFirst(4)) {
            self.init(rawValue: name)
        } else if Self.isWord(name[...]) {
            self.init(rawValue: "led." + name)
        } else {
            return nil
        }
    }

    public var isBuzzer: Bool { self == .buzzer }
    public var description: String { rawValue }
    public static func < (lhs: OutputName, rhs: OutputName) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func isWord(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { ($0.isLetter && $0.isASCII) || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
