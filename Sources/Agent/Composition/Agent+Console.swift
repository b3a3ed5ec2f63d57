import Antom
import Configuration
import Console
import Fleet
import Glibc
import Logging
import POSLink

extension Agent {
    /// The technician console on `console.port`: its host over this agent's journal, engine,
    /// indicators and acquirer, subscribed to the event stream, and the live re-application of
    /// what a technician changes (log level, amount source). No console when no port is
    /// configured; the fleet uplink's `config/set` is attached to the store either way.
    /// - Parameter setLogLevel: where a changed `log.level` goes (the process's log output).
    public func addConsole(store: ConfigurationStore, version: String, setLogLevel: @escaping @Sendable (Logger.Level) -> Void) throws {
        let onApply = liveApplier(setLogLevel: setLogLevel)
        // The head office's changes go through the same store, checks and live application.
        fleet?.attach(configure: FleetConfigurator(store: store, journal: journal, apply: onApply).configure)
        guard !store.settings.console.port.isEmpty else { return }
        var fleetStatusLine: (@Sendable () async -> String)?
        if let fleet { fleetStatusLine = { await fleet.statusLine() } }
        let host = AgentConsoleHost(
            journal: journal, store: store, indicators: .init(indicators), acquirer: acquirer, keys: AntomSigningKeys(),
            engine: engine, version: version, onApply: onApply,
            onRestart: { kill(getpid(), SIGTERM) },
            amountStatus: { [amounts] in await amounts.statusText() },
            fleetStatus: fleetStatusLine)
        host.attach(charger: Self.consoleCharger(amounts))
        host.attach(speaker: speaker)
        add(listener: host)
        add(try ConsoleService(host: host, store: store))
    }

    /// What a committed change does at once (log level, amount source), whoever made it.
    func liveApplier(setLogLevel: @escaping @Sendable (Logger.Level) -> Void) -> @Sendable (AgentSettings, Set<String>) -> Void {
        { [amounts, journal, engine, logger] settings, changed in
            if changed.contains(KeyName.logLevel.rawValue), let level = Logger.Level(rawValue: settings.log.level) {
                setLogLevel(level)
                logger.notice("log level changed", metadata: ["level": "\(level)"])
            }
            guard changed.contains(where: { $0.hasPrefix("amount.") }),
                  let source = try? settings.amount.sourceSettings(reportDayStart: settings.journal.reportDayStart)
                      .makeSource(journal: journal, movements: engine, logger: logger.child("amounts")) else { return }
            amounts.activate(source)
        }
    }

    /// `pay charge` and `pay drop` at the console, when the console is the amount source.
    static func consoleCharger(_ amounts: SwitchableAmountSource) -> ConsoleCharger {
        let notActive = ConsoleHostError("the console is not the amount source (amount.source = console)")
        return ConsoleCharger(
            charge: { amount, currency, reference in
                guard let console = amounts.current as? ConsoleSource else { return .failure(notActive) }
                do {
                    let armed = try await console.charge(amount: amount, currency: currency, reference: reference)
                    return .success("armed \(armed): waiting for the customer's code")
                } catch {
                    return .failure(ConsoleHostError("\(error)"))
                }
            },
            cancel: {
                guard let console = amounts.current as? ConsoleSource else { return .failure(notActive) }
                do {
                    return .success(try await console.cancelCharge().map { "dropped \($0)" } ?? "nothing was armed")
                } catch {
                    return .failure(ConsoleHostError("\(error)"))
                }
            })
    }
}
