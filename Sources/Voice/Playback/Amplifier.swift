/// The amplifier-enable line of a board whose class-D amplifier idles on a GPIO (the QuecPython
/// soundbox's PA pin): switched on before a phrase and off after it, so the speaker does not hiss
/// between payments. Implemented over libgpiod by the Indicators module (`GPIOAmplifier`).
public protocol Amplifier: Sendable {
    /// How long the amplifier needs after enable before it passes sound.
    var settle: Duration { get }
    /// nil when switched, otherwise why not.
    func set(_ on: Bool) -> String?
}
