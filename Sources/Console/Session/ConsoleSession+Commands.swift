import Configuration
import Synchronization

extension ConsoleSession {
    /// One command line.
    func run(_ line: String) async {
        let words = line.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return }
        guard let (spec, arguments) = CommandCatalog.match(words) else {
            out.data("unknown command \"\(words[0])\"; `help` lists commands")
            return
        }
        if spec.needsLogin && !loggedIn {
            requestLogin(then: line)
            return
        }
        await execute(spec, arguments, line: line)
    }

    func execute(_ spec: CommandSpec, _ arguments: [String], line: String) async {
        switch spec.command {
        case .help: help(arguments)
        case .status: await status()
        case .showConfig: showConfig(arguments.first)
        case .showKeys: showKeys(arguments.first)
        case .set: set(arguments, line: line)
        case .unset: unset(arguments)
        case .diff: diff()
        case .commit: await commit()
        case .discard: discard()
        case .testLed:
            guard arguments.count == 1 else { usage(spec); return }
            show(await host.testOutput(arguments[0]))
        case .testBuzzer: show(await host.testOutput("buzzer"))
        case .testPattern:
            guard arguments.count == 1 else { usage(spec); return }
            show(await host.testPattern(arguments[0]))
        case .testScan: await testScan()
        case .testAcquirer: await testAcquirer()
        case .testVoice:
            guard arguments.count <= 2 else { usage(spec); return }
            show(await host.testVoice(arguments.first, amount: arguments.count > 1 ? arguments[1] : nil))
        case .sayLast: show(await host.sayLast())
        case .charge:
            guard (1...3).contains(arguments.count) else { usage(spec); return }
            show(await host.charge(amount: arguments[0], currency: arguments.count > 1 ? arguments[1] : nil,
                                   reference: arguments.count > 2 ? arguments[2] : nil))
        case .chargeCancel: show(await host.cancelCharge())
        case .queue: await queue()
        case .queueShow: await queueShow(arguments)
        case .report: await report(arguments)
        case .queueRetry: await queueRetry(arguments)
        case .payCancel, .payRefund: payment(spec, arguments)
        case .keyGenerate: await keyGenerate()
        case .keyShowPublic: show(await host.publicKey())
        case .boardList: await boardList()
        case .boardUse: await boardUse(arguments)
        case .logTail: await logTail(arguments)
        case .restart: await restart()
        case .factoryReset:
            out.line("This erases every console change and both PINs. Payments in the journal are kept.")
            mode = .confirm(phrase: "FACTORY RESET", action: .factoryReset)
        case .login:
            if loggedIn { out.line("already logged in") } else { requestLogin(then: nil) }
        case .logout:
            if loggedIn || !staged.isEmpty { logout("logged out") } else { out.line("not logged in") }
        case .passwd: passwd(arguments)
        }
    }

    func usage(_ spec: CommandSpec) {
        out.line("usage: \(spec.usage)")
    }

    private func help(_ arguments: [String]) {
        if !arguments.isEmpty {
            let asked = arguments.joined(separator: " ")
            let matches = CommandCatalog.all.filter { $0.name == asked || $0.name.hasPrefix(asked + " ") }
            guard !matches.isEmpty else { out.data("no command \"\(asked)\""); return }
            for spec in matches {
                out.line(spec.usage)
                out.line("    \(spec.summary)\(spec.needsLogin ? " (PIN)" : "")")
            }
            return
        }
        for spec in CommandCatalog.all {
            let usage = spec.usage.padding(to: 26)
            out.line(TerminalText.fit("\(usage) \(spec.needsLogin ? "*" : " ") \(spec.summary)", width: LineEditor.columns))
        }
        out.line("* needs the console PIN. Tab completes; `help COMMAND` explains one.")
        out.line("Pulling the cable logs out and drops staged changes; a half-typed line never runs.")
    }

    private func status() async {
        let snapshot = await host.status()
        out.data("version   \(snapshot.version)")
        out.data("uptime    \(Self.describe(snapshot.uptime))")
        out.data("scanner   \(snapshot.scanner)")
        out.data("acquirer  \(snapshot.acquirer)")
        if let skew = snapshot.clockSkew { out.data("clock     \(StatusSnapshot.describeSkew(skew))") }
        out.data("queue     \(snapshot.queueDepth) unfinished payment(s)")
        out.data("last      \(snapshot.lastResult)")
        if let amount = snapshot.amountSource { out.data("amount    \(amount)") }
        if let fleet = snapshot.fleet { out.data("fleet     \(fleet)") }
        for (index, output) in snapshot.outputs.enumerated() {
            out.data("\(index == 0 ? "outputs   " : "          ")\(output)")
        }
        out.line("console   \(loggedIn ? "logged in" : "read-only")\(staged.isEmpty ? "" : ", \(staged.count) staged change(s)")")
    }

    func show(_ result: Result<String, ConsoleHostError>) {
        switch result {
        case .success(let text): for line in text.split(separator: "\n", omittingEmptySubsequences: false) { out.data(String(line)) }
        case .failure(let error): out.data("error: \(error)")
        }
    }

    private func testScan() async {
        interrupts.arm()
        out.line("waiting up to 30 s for a read (Ctrl-C stops)...")
        let host = self.host
        let result = ResultBox<ScanReport>()
        await interrupts.run { result.set(await host.nextScan(timeout: .seconds(30))) }
        guard let report = result.value else {
            out.line("no read")
            return
        }
        out.data("bytes   \(report.hex)")
        out.data("result  \(report.result)")
    }

    private func testAcquirer() async {
        interrupts.arm()
        out.line("testing the acquirer (Ctrl-C stops)...")
        let host = self.host
        let box = ResultBox<[SelfTestStep]>()
        await interrupts.run {
            let steps = await host.acquirerSelfTest()
            if !Task.isCancelled { box.set(steps) }
        }
        guard let steps = box.value else { out.line("stopped"); return }
        for step in steps {
            out.data("\(step.ok ? "ok  " : "FAIL") \(step.name.padding(to: 14)) \(step.detail)")
        }
    }

    private func keyGenerate() async {
        let result = await host.generateKey()
        if case .success = result {
            out.line("key made. Register this public key with the acquirer:")
            await record([auditEntry("key generate")])
        }
        show(result)
    }

    private func boardList() async {
        let boards = await host.boards()
        if boards.isEmpty { out.line("no board profiles found"); return }
        for board in boards { out.data("\(board.current ? "*" : " ") \(board.id.padding(to: 16)) \(board.name)") }
    }

    private func boardUse(_ arguments: [String]) async {
        guard arguments.count == 1 else { out.line("usage: board use NAME"); return }
        let boards = await host.boards()
        guard arguments[0] == "auto" || boards.contains(where: { $0.id == arguments[0] }) else {
            out.data("no board \"\(arguments[0])\"; known: \(boards.map(\.id).joined(separator: ", "))")
            return
        }
        stage(KeyName.boardName.rawValue, arguments[0])
    }

    private func logTail(_ arguments: [String]) async {
        let count = arguments.first.flatMap { Int($0) } ?? 20
        guard (1...500).contains(count) else { out.line("usage: log tail [N]  (N from 1 to 500)"); return }
        let lines = await host.logTail(count)
        if lines.isEmpty { out.line("the log is empty") }
        for line in lines { out.data(line) }
    }

    private func restart() async {
        out.line("restarting the agent...")
        await record([auditEntry("restart")])
        await host.requestRestart()
    }

    func confirmed(_ action: ConfirmedAction) async {
        switch action {
        case .factoryReset:
            let before = store.configuration
            let settings: AgentSettings
            do {
                settings = try store.clearConsoleLayer()
            } catch {
                out.data("factory reset failed: \(error)")
                return
            }
            let keys = before.layer(.console)?.entries.keys.sorted() ?? []
            await record([auditEntry("factory-reset", new: "\(keys.count) console value(s) removed")])
            staged.removeAll()
            _ = await host.apply(settings, changed: Set(keys))
            loggedIn = false
            out.line("console changes erased; restarting the agent...")
            await host.requestRestart()
        }
    }

    static func verdict(_ result: Result<String, ConsoleHostError>) -> String {
        switch result {
        case .success(let text): "ok: \(text.split(separator: "\n").first.map(String.init) ?? "")"
        case .failure(let error): "failed: \(error)"
        }
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        return days > 0 ? "\(days)d \(hours)h \(minutes)m" : hours > 0 ? "\(hours)h \(minutes)m" : "\(minutes)m \(seconds % 60)s"
    }
}

/// Carries a command's result out of its cancellable task.
final class ResultBox<Value: Sendable>: Sendable {
    private let state = Mutex<Value?>(nil)
    var value: Value? { state.withLock { $0 } }
    func set(_ value: Value?) { state.withLock { $0 = value } }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
