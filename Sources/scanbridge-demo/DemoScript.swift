import Glibc
import Journal
import ScannerSimulator

/// What happens at the counter, in order. Codes are Alipay+-shaped; their last two digits tell
/// the acquirer simulator how to answer (docs/ACQUIRER.md): 00 pays, 01 asks for a password, 11
/// is a low balance.
enum DemoScript {
    struct Step: Sendable {
        let title: String
        let run: @Sendable (Stage, Narrator) async throws -> Void
    }

    static func code(_ suffix: String) -> String {
        "28100102" + (0..<14).map { _ in String(Int.random(in: 0...9)) }.joined() + suffix
    }

    static func describe(_ state: AttemptState?) -> String {
        switch state {
        case .succeeded: "PAID — green light, one short beep"
        case .declined: "DECLINED — red light, three beeps"
        case .failed: "NOT PAID (the customer did not confirm) — red light"
        case .cancelled: "NOT PAID (cancelled) — red light"
        case .expired: "EXPIRED — ask for a fresh code"
        case let other?: other.rawValue
        case nil: "unknown"
        }
    }

    static let steps: [Step] = [
        Step(title: "A customer shows an Alipay+ code as a barcode") { stage, narrator in
            let code = code("00")
            try stage.scanner.scan(code, aim: "]C0")
            try await stage.expect(.succeeded, from: 1, narrator)
            try await Task.sleep(for: .milliseconds(300))
            narrator.step("The scanner reads the same phone screen again")
            try stage.scanner.scan(code, aim: "]C0")
            try await Task.sleep(for: .milliseconds(500))
            if await stage.attempts() == 1 {
                narrator.result("ignored as a duplicate: no second payment")
            } else {
                stage.miss("a second attempt was made for the same code")
            }
        },
        Step(title: "Someone scans the barcode on a drink can") { stage, narrator in
            try stage.scanner.scan("4006381333931", aim: "]E0")
            try await Task.sleep(for: .milliseconds(600))
            narrator.result("not a payment code — two red chirps, nothing sent")
        },
        Step(title: "The next customer's wallet balance is too low") { stage, narrator in
            try stage.scanner.scan(code("11"), aim: "]Q1")
            try await stage.expect(.declined, from: 2, narrator)
        },
        Step(title: "The wallet asks the customer to confirm with a password") { stage, narrator in
            try stage.scanner.scan(code("01"), aim: "]Q1")
            narrator.result("amber double blink while the customer confirms on the phone…")
            try await stage.expect(.succeeded, from: 3, narrator)
        },
        Step(title: "The shop's internet drops, and a customer pays anyway") { stage, narrator in
            stage.acquirerDown()
            try stage.scanner.scan(code("00"), aim: "]C0")
            try await stage.wait("the payment to be queued", timeout: .seconds(20)) { await stage.counts()[.captured] == 1 }
            narrator.result("the acquirer is unreachable: the code is journaled and queued (amber, two beeps)")
            try await Task.sleep(for: .seconds(2))
            try stage.acquirerUp()
            narrator.result("internet back: the queued code goes out with the same request id")
            try await stage.expect(.succeeded, from: 4, narrator)
        },
        Step(title: "The agent crashes while a customer confirms on the phone") { stage, narrator in
            try stage.scanner.scan(code("01"), aim: "]Q1")
            try await stage.wait("the payment to be in flight", timeout: .seconds(20)) {
                let counts = await stage.counts()
                return (counts[.unknown] ?? 0) + (counts[.inquiring] ?? 0) == 1
            }
            stage.agent.stop(SIGKILL)
            narrator.result("agent killed with SIGKILL mid-payment; systemd would restart it — so do we")
            try stage.agent.start()
            narrator.result("restarted: the unfinished payment resumes from the journal (inquiry first)")
            try await stage.expect(.succeeded, from: 5, narrator)
        },
        Step(title: "Line noise, then a 2 KiB runaway line, then a customer pays") { stage, narrator in
            try stage.scanner.terminal.write([0x00, 0xFF, 0x1B, 0x5B, 0x32, 0x4A, 0x0D, 0x0A])
            try stage.scanner.terminal.write(Array(repeating: UInt8(ascii: "7"), count: 2048) + [0x0D, 0x0A])
            narrator.result("garbage dropped by the frame decoder, nothing sent")
            try stage.scanner.scan(code("00"), aim: "]C0")
            try await stage.expect(.succeeded, from: 6, narrator)
        },
    ]
}
