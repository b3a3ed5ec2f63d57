import ArgumentParser
import Configuration
import Console
import Glibc

/// `scanbridge config …`: offline tools for provisioning files.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check provisioning files and make PIN hashes, without running the agent.",
        subcommands: [Check.self, PinHash.self]
    )

    /// `scanbridge config check FILE`: every key known, every value valid, the rules between keys
    /// kept; exits non-zero on any error. Warnings (e.g. acquirer ids not yet set) do not fail it.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Validate a provisioning file (key = value) offline.")

        @Argument(help: "The file, e.g. /etc/scanbridge/scanbridge.conf.")
        var file: String

        func run() throws {
            let layer: ConfigurationLayer
            do {
                guard let read = try ConfigurationStore.readLayer(file, kind: .file) else {
                    throw ValidationError("\(file): no such file")
                }
                layer = read
            } catch let issues as ConfigurationIssues {
                print(issues.description)
                throw ExitCode(1)
            }
            let issues = Validator.agent.issues(in: LayeredConfiguration(file: layer))
            for issue in issues { print(issue.description) }
            var errors = issues.filter { $0.severity == .error }.count
            // The voice packs, loaded as the agent loads them (a missing clip is named here).
            if errors == 0, let settings = try? AgentSettings.build(LayeredConfiguration(file: layer), validator: .agent),
               let problem = settings.voice.packProblem() {
                print("error: \(problem)")
                errors += 1
            }
            print("\(file): \(layer.entries.count) keys, \(errors) error(s), \(issues.count - errors) warning(s)")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    /// `scanbridge config pin-hash`: reads a PIN from standard input (echo off on a terminal) and
    /// prints the `console.pin-hash` line for a provisioning file.
    struct PinHash: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pin-hash", abstract: "Hash a console PIN (read from stdin) for console.pin-hash.")

        @Flag(help: "Print the line for console.supervisor-pin-hash instead.")
        var supervisor = false

        func run() throws {
            let pin = readSecretLine()
            if let problem = PinHasher.problem(with: pin) { throw ValidationError(problem) }
            let hash = try PinHasher.hash(pin)
            print("\(supervisor ? KeyName.consoleSupervisorPinHash.rawValue : KeyName.consolePinHash.rawValue) = \(hash.text)")
        }

        private func readSecretLine() -> String {
            var saved = termios()
            let isTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
            if isTerminal {
                var quiet = saved
                quiet.c_lflag &= ~tcflag_t(ECHO)
                tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
                FileHandleOutput.write("PIN: ")
            }
            defer {
                if isTerminal {
                    tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                    FileHandleOutput.write("\n")
                }
            }
            return readLine(strippingNewline: true) ?? ""
        }
    }
}

/// Prompts go to stderr so stdout carries only the configuration line.
enum FileHandleOutput {
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
