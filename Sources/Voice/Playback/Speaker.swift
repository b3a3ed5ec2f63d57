import Dispatch
import Logging
import POSIX
import ServiceLifecycle
import Synchronization

/// Says phrases through ALSA on a thread of its own, as a service of the agent. `say` only queues
/// (it never blocks and never fails), so a missing, busy or stalled sound device delays nothing:
/// the thread blocks in libasound, the agent goes on, and `status` says the voice is down.
///
/// A phrase is built from the packs into one buffer (both languages of a bilingual shop, with a
/// short pause between them), scaled to the volume, and written in one stream: no gap between
/// words. The amplifier line, if the board has one, is on only while a phrase plays.
public final class Speaker: Service, Sendable {
    public let settings: VoiceSettings
    public let packs: [ClipPack]
    let amplifier: (any Amplifier)?
    let wallMilliseconds: @Sendable () -> Int64
    let logger: Logger
    /// Called with the new fault (nil: working again) whenever the voice goes down or comes back.
    let onHealth: @Sendable (String?) -> Void
    /// Called for each phrase with the time from the event to the first samples in the device.
    let onPlaybackStart: @Sendable (Duration) -> Void
    /// Called with each phrase's words as it is about to be said (also when quiet hours mute it):
    /// the demo's transcript.
    let onSay: @Sendable (String) -> Void
    /// Set when the speaker cannot work at all (a pack refused at load): shown, never retried.
    let unavailable: String?

    struct Request: Sendable {
        let phrase: Phrase
        let heard: ContinuousClock.Instant
    }

    struct State {
        var queue: [Request] = []
        var fault: String?
        /// Set while the thread is inside libasound: since when, and for how long it may be.
        var busy: (since: ContinuousClock.Instant, allowed: Duration)?
        var reportedFault: String?
        var last: Phrase?
        var lastSaid: String?
        var said = 0
        var dropped = 0
        var underruns = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    /// Phrases waiting beyond this are dropped, oldest first: a customer wants to hear the latest
    /// result, not one from a minute ago.
    static let queueLimit = 8
    /// Between the two languages of a bilingual phrase.
    static let languagePause = [Int16](repeating: 0, count: PCMFormat.sampleRate * 3 / 10)

    public init(settings: VoiceSettings, packs: [ClipPack], amplifier: (any Amplifier)? = nil,
                wallMilliseconds: @escaping @Sendable () -> Int64, logger: Logger,
                onHealth: @escaping @Sendable (String?) -> Void = { _ in },
                onPlaybackStart: @escaping @Sendable (Duration) -> Void = { _ in },
                onSay: @escaping @Sendable (String) -> Void = { _ in }) {
        self.settings = settings
        self.packs = packs
        self.amplifier = amplifier
        self.wallMilliseconds = wallMilliseconds
        self.logger = logger
        self.onHealth = onHealth
        self.onPlaybackStart = onPlaybackStart
        self.onSay = onSay
        unavailable = nil
    }

    /// A speaker that cannot speak, and says why in `status` (a pack refused at load: a missing
    /// clip, a clip in another format). The payments go on.
    public init(settings: VoiceSettings, unavailable fault: String, logger: Logger, onHealth: @escaping @Sendable (String?) -> Void = { _ in }) {
        self.settings = settings
        packs = []
        amplifier = nil
        wallMilliseconds = { 0 }
        self.logger = logger
        self.onHealth = onHealth
        onPlaybackStart = { _ in }
        onSay = { _ in }
        unavailable = fault
        state.withLock { $0.fault = fault }
    }

    /// Queues a phrase; `heardAt` is when the event it answers happened (for the latency figure).
    public func say(_ phrase: Phrase, heardAt: ContinuousClock.Instant = .now) {
        guard unavailable == nil else { return }
        state.withLock { state in
            if state.queue.count >= Self.queueLimit {
                state.queue.removeFirst()
                state.dropped += 1
            }
            state.queue.append(Request(phrase: phrase, heard: heardAt))
            if phrase.isResult { state.last = phrase }
        }
        wake.signal()
    }

    /// Says the last result again (`say last`); nil when there is none yet.
    @discardableResult
    public func sayLast() -> Phrase? {
        guard let last = state.withLock({ $0.last }) else { return nil }
        say(last)
        return last
    }

    /// The clip names of a phrase in each language, in order.
    public func clips(for phrase: Phrase) -> [(locale: VoiceLocale, clips: [String])] {
        packs.map { ($0.locale, PhraseGrammar.clips(for: phrase, in: $0.locale)) }
    }

    /// What the phrase says, in words, in each language (`/` between them).
    public func transcript(for phrase: Phrase) -> String {
        packs.map { $0.text(for: PhraseGrammar.clips(for: phrase, in: $0.locale)) }.joined(separator: " / ")
    }

    /// The phrase as played: every language's clips joined, at the volume for `now`.
    public func samples(for phrase: Phrase, atUnixMilliseconds now: Int64) -> [Int16] {
        var joined: [Int16] = []
        for (index, pack) in packs.enumerated() {
            if index > 0 { joined += Self.languagePause }
            joined += pack.samples(for: PhraseGrammar.clips(for: phrase, in: pack.locale))
        }
        let volume = volume(atUnixMilliseconds: now)
        guard volume < 100 else { return joined }
        return joined.map { Int16(Int32($0) * Int32(volume) / 100) }
    }

    func volume(atUnixMilliseconds now: Int64) -> Int {
        if let quiet = settings.quietHours, quiet.contains(unixMilliseconds: now) { return min(quiet.volume, settings.volume) }
        return settings.volume
    }

    public var status: VoiceStatus {
        state.withLock { state in
            VoiceStatus(fault: Self.fault(of: state, now: .now), device: settings.device, locales: packs.map(\.locale),
                        lastSaid: state.lastSaid, phrasesSaid: state.said, phrasesDropped: state.dropped, underruns: state.underruns)
        }
    }

    /// The recorded fault, or a stall: the thread has been inside libasound longer than the
    /// phrase (or an open) can take.
    private static func fault(of state: State, now: ContinuousClock.Instant) -> String? {
        if let busy = state.busy, now - busy.since > busy.allowed {
            return "device stalled: no progress for \(Int((now - busy.since).components.seconds)) s"
        }
        return state.fault
    }

    // MARK: Service

    public func run() async throws {
        if unavailable != nil {
            publishHealthIfChanged()
            try? await gracefulShutdown()
            return
        }
        guard DedicatedThread.detached(name: "voice", { [self] in playLoop() }) else {
            // Down, not gone: a service that returns would stop the agent with it.
            state.withLock { $0.fault = "no thread for the voice" }
            publishHealthIfChanged()
            try? await gracefulShutdown()
            return
        }
        if settings.announceStartup { say(.ready) }
        // Watches for a stall (the thread cannot say so itself while stuck in a write), until
        // the agent stops. A thread stuck in libasound is left behind; the process ends anyway.
        _ = try? await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(500))
                publishHealthIfChanged()
            }
        }
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func publishHealthIfChanged() {
        let changed: String?? = state.withLock { state in
            let fault = Self.fault(of: state, now: .now)
            guard fault != state.reportedFault else { return .none }
            state.reportedFault = fault
            return .some(fault)
        }
        if case .some(let fault) = changed {
            if let fault { logger.warning("voice down", metadata: ["reason": "\(fault)"]) } else { logger.notice("voice working") }
            onHealth(fault)
        }
    }

    private func report(fault: String?) {
        state.withLock { $0.fault = fault }
        publishHealthIfChanged()
    }

    private func markBusy(for allowed: Duration?) {
        state.withLock { $0.busy = allowed.map { (ContinuousClock.now, $0 + settings.stallGrace) } }
    }

    // MARK: The thread

    private func playLoop() {
        var device: PCMPlayback? = open()
        var retry = Duration.seconds(1)
        while true {
            let timeout: DispatchTime = device == nil
                ? .now() + .milliseconds(Int(retry / .milliseconds(1)))
                : .distantFuture
            let woken = wake.wait(timeout: timeout) == .success
            let (request, stopped): (Request?, Bool) = state.withLock { state in
                (state.queue.isEmpty ? nil : state.queue.removeFirst(), state.stopped)
            }
            if stopped { return }
            if device == nil {
                device = open()
                if device == nil {
                    if !woken { retry = min(retry * 2, settings.retryInterval) }
                    if request != nil { state.withLock { $0.dropped += 1 } }
                    continue
                }
                retry = .seconds(1)
            }
            guard let request, let pcm = device else { continue }
            if !play(request, on: pcm) { device = nil }
        }
    }

    private func open() -> PCMPlayback? {
        markBusy(for: .seconds(3))
        defer { markBusy(for: nil) }
        do throws(ALSAError) {
            let pcm = try PCMPlayback(device: settings.device)
            report(fault: nil)
            return pcm
        } catch {
            report(fault: error.description)
            return nil
        }
    }

    /// Plays one request; false when the device failed and must be opened again.
    private func play(_ request: Request, on pcm: PCMPlayback) -> Bool {
        let now = wallMilliseconds()
        let samples = samples(for: request.phrase, atUnixMilliseconds: now)
        let text = transcript(for: request.phrase)
        onSay(text)
        guard volume(atUnixMilliseconds: now) > 0 else {
            state.withLock { $0.lastSaid = text }
            logger.debug("voice muted (quiet hours)", metadata: ["phrase": "\(text)"])
            return true
        }
        if let amplifier {
            if let fault = amplifier.set(true) { logger.warning("amplifier not switched on", metadata: ["reason": "\(fault)"]) }
            DedicatedThread.sleep(amplifier.settle)
        }
        defer { _ = amplifier?.set(false) }
        let length = Duration.milliseconds(samples.count * 1000 / PCMFormat.sampleRate)
        markBusy(for: length)
        defer { markBusy(for: nil) }
        let underruns: Int
        do throws(ALSAError) {
            underruns = try pcm.play(samples) { onPlaybackStart(.now - request.heard) }
        } catch {
            report(fault: error.description)
            return false
        }
        if underruns > 0 { logger.warning("voice underrun: the phrase had a gap", metadata: ["underruns": "\(underruns)"]) }
        state.withLock { state in
            state.said += 1
            state.lastSaid = text
            state.underruns += underruns
        }
        report(fault: nil)
        logger.info("voice said", metadata: ["phrase": "\(text)"])
        return true
    }
}
