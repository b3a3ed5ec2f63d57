import Foundation
import Indicators
import Testing

/// Inputs `scripts/fuzz board-file` found, run through the same loader.
@Suite("Fuzzer findings: board files")
struct BoardFuzzRegressionTests {
    /// boards/sim.json with a CR escaped into the scanner port: the loader took it (the port starts
    /// with /dev/) and the configuration then refused it, so the agent could not start.
    static let controlInPort = #"""
    {"id": "sim", "name": "Simulated board", "buzzer": "passive",
     "outputs": {"led.green": {"kind": "simulated"}, "buzzer": {"kind": "simulated"}},
     "serial": {"scanner": "/dev/scanbridge/scanne\r", "console": "/dev/tacqu"}}
    """#

    @Test("a port with a control character or .. is refused with the file, like the configuration refuses it")
    func controlCharacterInPort() {
        for (json, field) in [(Self.controlInPort, "serial.scanner"),
                              (Self.controlInPort.replacingOccurrences(of: #"scanne\r"#, with: "scanner")
                                  .replacingOccurrences(of: "/dev/tacqu", with: "/dev/../etc/tty"), "serial.console")] {
            do throws(BoardError) {
                _ = try BoardProfile.decode(Data(json.utf8), file: "boards/sim.json", expectedID: "sim")
                Issue.record("loaded a board with a bad \(field)")
            } catch {
                #expect(error.description.hasPrefix("boards/sim.json: "))
                #expect(error.description.contains("\(field): "))
            }
        }
        let fixed = Self.controlInPort.replacingOccurrences(of: #"scanne\r"#, with: "scanner")
        #expect((try? BoardProfile.decode(Data(fixed.utf8), file: "boards/sim.json", expectedID: "sim"))?.scannerPort == "/dev/scanbridge/scanner")
    }
}
