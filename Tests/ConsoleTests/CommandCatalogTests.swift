import Console
import Testing

@Suite("Console commands")
struct CommandCatalogTests {
    /// The session switches over `ConsoleCommand`, so each case has a handler; this checks the
    /// other half: each case is in the catalog once (help, completion and the PIN check read it).
    @Test func everyCommandHasExactlyOneEntryInTheCatalog() {
        for command in ConsoleCommand.allCases {
            #expect(CommandCatalog.all.filter { $0.command == command }.count == 1, "\(command.rawValue)")
        }
        #expect(CommandCatalog.all.count == ConsoleCommand.allCases.count)
    }

    @Test func aLineMatchesTheLongestCommandAndKeepsTheRestAsArguments() throws {
        let (spec, arguments) = try #require(CommandCatalog.match(["queue", "show", "7"]))
        #expect(spec.command == .queueShow && arguments == ["7"])
        #expect(CommandCatalog.match(["queue"])?.0.command == .queue)
        #expect(CommandCatalog.match(["frobnicate"]) == nil)
    }
}
