// Time from a verified result published on the agent's event stream to the first samples of its
// phrase accepted by ALSA, through the whole output path: EventBus → the voice listener → the
// speaker's queue and thread → the phrase joined from the real packs → snd_pcm_writei. The goal
// is 30 ms at the 99th percentile. Side by side in one run: one and two languages, ALSA's null
// device and its file plugin (real write(2) calls), and what opening the device per phrase
// would cost instead of keeping it open.
//
//   scripts/voice-packs .build-voice/packs && swift run -c release bench-voice [samples] [packs]
import Events
import Logging
import Money
import PaymentModel
import Synchronization
import Voice

func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
    sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func milliseconds(_ duration: Duration) -> String {
    let micro = Int(duration / .microseconds(1))
    return "\(micro / 1000).\(String(micro % 1000 / 10).leftPadded(2)) ms"
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

func report(_ name: String, _ samples: [Duration]) {
    let sorted = samples.sorted()
    print("\(name): n=\(sorted.count) p50=\(milliseconds(percentile(sorted, 0.5))) p90=\(milliseconds(percentile(sorted, 0.9))) "
        + "p99=\(milliseconds(percentile(sorted, 0.99))) max=\(milliseconds(sorted.last ?? .zero))")
}

/// The instant the speaker's first chunk went in, handed to the waiting benchmark.
final class StartProbe: Sendable {
    let starts: AsyncStream<ContinuousClock.Instant>
    private let continuation: AsyncStream<ContinuousClock.Instant>.Continuation
    init() { (starts, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded) }
    func started() { continuation.yield(.now) }
}

let arguments = CommandLine.arguments
let samples = arguments.count > 1 ? Int(arguments[1]) ?? 300 : 300
let packRoot = arguments.count > 2 ? arguments[2] : ".build-voice/packs"
let logger: Logger = {
    var logger = Logger(label: "bench-voice")
    logger.logLevel = .warning
    return logger
}()

func measure(device: String, locales: [VoiceLocale]) async throws -> [Duration] {
    let packs = try locales.map { try ClipPack.load(root: packRoot, locale: $0) }
    let probe = StartProbe()
    let speaker = Speaker(settings: VoiceSettings(device: device, locales: locales), packs: packs,
                          wallMilliseconds: { 0 }, logger: logger, onPlaybackStart: { _ in probe.started() })
    let bus = EventBus()
    let listener = ListenerService(VoiceOutput(speaker: speaker), on: bus)
    let tasks = [Task { try await speaker.run() }, Task { try await listener.run() }]
    defer { tasks.forEach { $0.cancel() } }
    var starts = probe.starts.makeAsyncIterator()
    let amount = try Money(parsing: "1005.05", currency: Currency(code: "SGD"))
    var latencies: [Duration] = []
    for index in 0..<(samples + 20) {
        // Between payments, as at a counter: the speaker has finished and waits.
        try await Task.sleep(for: .milliseconds(3))
        let published = ContinuousClock.now
        bus.publish(.payment(PaymentEvent(.succeeded(paymentId: "P\(index)"), order: "O\(index)", attempt: Int64(index), at: 0,
                                          wallet: "GCASH", amount: amount)))
        guard let started = await starts.next() else { break }
        if index >= 20 { latencies.append(started - published) }  // the first 20 warm the caches
        while speaker.status.phrasesSaid < index + 1 { try await Task.sleep(for: .microseconds(200)) }
    }
    return latencies
}

let scratch = "/tmp/bench-voice-\(Int.random(in: 0..<1_000_000)).raw"
print("bench-voice: \(samples) paid results (1005.05 SGD, GCash) per row, packs from \(packRoot)")
report("  event → first samples, null device, en        ", try await measure(device: "null", locales: [.english]))
report("  event → first samples, null device, en + cmn  ", try await measure(device: "null", locales: [.english, .mandarin]))
report("  event → first samples, file plugin, en        ", try await measure(device: "file:'\(scratch)',raw", locales: [.english]))

// What opening per phrase would add: open + configure + close of the same devices.
var opens: [Duration] = []
for _ in 0..<100 {
    let started = ContinuousClock.now
    let failed = SoundDevice.check("null")
    opens.append(ContinuousClock.now - started)
    if let failed { fatalError("bench-voice: \(failed)") }
}
report("  open + configure + close, null device         ", opens)
