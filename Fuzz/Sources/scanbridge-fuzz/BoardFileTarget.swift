import Agent
import Configuration
import Console
import FoundationEssentials
import Indicators

/// A board file (boards/*.json) as the agent loads it. It either becomes a profile or a typed
/// `BoardError` naming the file; a profile keeps the rules the validator promises (id, /dev/
/// ports, at least one output, patterns that build), and the configuration layer it
/// contributes passes the agent's validator: a board the loader accepts never stops the agent.
///
/// Input: [file-name choice] JSON…
enum BoardFileTarget {
    static let names: [String?] = [nil, "rpi4", "sim", "orangepi-zero2"]

    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let expectedID = names[Int(input.byte() % 4)]
        let json = Data(input.rest())
        let profile: BoardProfile
        do {
            profile = try BoardProfile.decode(json, file: "fuzz.json", expectedID: expectedID)
        } catch {
            check(error.description.hasPrefix("fuzz.json: "), "error does not name the file: \(error)")
            return
        }
        check(!profile.id.isEmpty && profile.id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }, "id \(profile.id.debugDescription)")
        if let expectedID { check(profile.id == expectedID, "id \(profile.id) for file \(expectedID).json") }
        check(profile.scannerPort.hasPrefix("/dev/") && profile.consolePort.hasPrefix("/dev/"), "ports \(profile.scannerPort) \(profile.consolePort)")
        check(!profile.outputs.isEmpty, "no outputs")
        do {
            _ = try profile.patternBook()
        } catch {
            check(false, "accepted board's patterns do not build: \(error)")
        }
        let layer = ConfigurationLayer.board(profile)
        let problems = Validator.agent.issues(in: LayeredConfiguration(board: layer)).filter { $0.severity == .error }
        check(problems.isEmpty, "accepted board makes the configuration invalid: \(problems)")
    }
}
