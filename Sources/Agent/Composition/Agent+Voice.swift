import Configuration
import Events
import Glibc
import POSIX
import Indicators
import Logging
import Settlement
import Voice

extension Agent {
    /// The speaker from its part: the packs loaded and checked against the grammar, the board's
    /// amplifier line, health onto the event stream (so `status`, the metrics and the fleet hear
    /// "voice down" as they hear a dead LED), and the start latency into the metrics. A pack
    /// refused at load leaves a speaker that says why, and the agent runs on without a voice.
    static func makeSpeaker(_ part: AgentConfiguration.VoicePart, bus: EventBus, metrics: MetricsRegistry, logger: Logger) -> Speaker {
        let health: @Sendable (String?) -> Void = { fault in bus.publish(.output(OutputEvent(output: "voice", fault: fault))) }
        let packs: [ClipPack]
        do throws(ClipPackError) {
            packs = try part.settings.locales.map { locale throws(ClipPackError) in try ClipPack.load(root: part.packs, locale: locale) }
        } catch {
            logger.error("voice pack refused; the box will not speak", metadata: ["reason": "\(error)"])
            return Speaker(settings: part.settings, unavailable: "pack refused: \(error)", logger: logger, onHealth: health)
        }
        logger.notice("voice ready", metadata: [
            "device": "\(part.settings.device)", "locales": "\(part.settings.locales.map(\.rawValue).joined(separator: "+"))",
            "packBytes": "\(packs.reduce(0) { $0 + $1.sampleBytes })",
        ])
        return Speaker(
            settings: part.settings, packs: packs, amplifier: part.amplifier.map { BoardAmplifier(line: GPIOAmplifier(binding: $0)) },
            wallMilliseconds: { SystemWallClock().now() }, logger: logger, onHealth: health,
            onPlaybackStart: { latency in
                metrics.observe("scanbridge_voice_start_seconds", seconds: Double(latency / .microseconds(1)) / 1e6)
            },
            onSay: { words in part.transcriptFile.map { append(words + "\n", to: $0) } })
    }

    private static func append(_ line: String, to path: String) {
        guard let file = try? FileDescriptor.open(path, O_WRONLY | O_APPEND | O_CLOEXEC) else { return }
        defer { file.close() }
        _ = Array(line.utf8).withUnsafeBytes { try? file.write($0) }
    }
}

/// The board's amplifier-enable line (libgpiod, in Indicators) as the speaker's amplifier.
struct BoardAmplifier: Amplifier {
    let line: GPIOAmplifier
    var settle: Duration { line.settle }
    func set(_ on: Bool) -> String? { line.set(on) }
}

extension AgentSettings.Voice {
    /// Loads every configured pack as the agent would and returns the refusal, if any: `config
    /// check` finds a missing clip at provisioning, not at the counter.
    public func packProblem() -> String? {
        guard enabled else { return nil }
        for name in locales {
            guard let locale = VoiceLocale(rawValue: name) else { return "voice.locale: no pack language \(name)" }
            do throws(ClipPackError) {
                _ = try ClipPack.load(root: packs, locale: locale)
            } catch {
                return "\(KeyName.voicePacks.rawValue): \(error)"
            }
        }
        return nil
    }
}
