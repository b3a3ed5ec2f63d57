import Antom
import PaymentModel
import AntomSimulator
import ArgumentParser
import Glibc
import Journal
import ScannerSimulator
import Voice

/// `scanbridge-demo`: the whole agent against a local acquirer simulator, with a simulated
/// scanner on a pseudo-terminal and the LEDs drawn in this terminal. Walks through what a shop
/// counter sees, including an offline period and a crash, and ends by itself with a summary.
@main
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanbridge-demo",
        abstract: "Run the agent against a simulated scanner and a local acquirer simulator."
    )

    @Option(help: "Pause after each step, in milliseconds.")
    var pace: Int = 1200

    @Option(help: "The board profile for the simulated LEDs.")
    var board: String = "boards/sim.json"

    @Flag(help: "Speak each result through this machine's sound card (ALSA default); otherwise the demo writes what the box would say.")
    var voice = false

    @Option(help: "The voice's language: cmn, en, ms, th, id or ja.")
    var voiceLocale: String = "en"

    @Option(help: "Where the clip packs are (scripts/voice-packs makes them).")
    var voicePacks: String = ".build-voice/packs"

    @Flag(help: "Also report to a Mosquitto broker on loopback, as a box reports to its head office; follow it with scanbridge-fleet in a second terminal.")
    var fleet = false

    func run() async throws {
        let directory = try DemoDirectory()
        defer { directory.remove() }
        var speech = Stage.Speech(packs: voicePacks, locale: voiceLocale, device: voice ? "default" : "null", aloud: voice)
        if voice, let problem = SoundDevice.check("default") {
            // No sound card (a VM, a container): the demo still tells what the box would say.
            Narrator.shout("--voice: no sound card here (\(problem)); writing what the box would say instead")
            speech.device = "null"
            speech.aloud = false
        }
        let office = fleet ? try DemoOffice.start(in: directory) : nil
        defer { office?.stop() }
        let stage = try await Stage.build(in: directory, board: board, speech: speech, fleetBroker: office?.broker)
        defer { stage.agent.stop(SIGKILL) }
        let narrator = Narrator(pace: .milliseconds(pace))
        if let office {
            narrator.say("fleet: a Mosquitto broker at \(office.broker); follow the box from a second terminal with")
            narrator.say("  \(office.statusCommand) --watch 1")
        }
        narrator.say("scanbridge demo — a scan box at a noodle bar, every code pays 12.50 USD")
        narrator.say("simulated Honeywell scanner \(stage.link) → \(stage.scanner.path); acquirer simulator at \(stage.acquirerURL)")
        try stage.agent.start()
        try await stage.waitUntilReady()
        for step in DemoScript.steps {
            narrator.step(step.title)
            try await step.run(stage, narrator)
            try await Task.sleep(for: narrator.pace)
            stage.narrateSpeech(narrator)
        }
        if let office {
            narrator.step("The head office looks at its fleet (scanbridge-fleet status)")
            try office.showStatus()
        }
        narrator.step("Closing time: the agent gets SIGTERM")
        let status = stage.agent.stop(SIGTERM)
        if status == 0 { narrator.result("stopped cleanly (exit 0), every LED off") } else { stage.miss("SIGTERM: exit status \(status)") }
        if let office {
            narrator.result("the head office sees the box go offline:")
            try office.showStatus()
        }
        try await stage.summary(narrator)
        await stage.simulator.stop()
        if !stage.misses.isEmpty { throw DemoError("\(stage.misses.count) step(s) did not end as expected: " + stage.misses.joined(separator: "; ")) }
    }
}
