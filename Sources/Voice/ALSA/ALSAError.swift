import CALSA

/// A libasound call that failed: which step, on which device, and ALSA's own code and words.
public struct ALSAError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Step: String, Hashable, Sendable {
        case open, configure, write, drain
    }

    public let step: Step
    public let device: String
    /// The negative errno libasound returned (-ENOENT: no such card, -EBUSY: another player has it).
    public let code: Int32

    public init(_ step: Step, device: String, code: Int32) {
        self.step = step
        self.device = device
        self.code = code
    }

    public var message: String { String(cString: snd_strerror(code)) }

    public var description: String { "\(step.rawValue) \(device): \(message)" }
}
