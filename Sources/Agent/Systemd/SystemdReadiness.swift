import ServiceLifecycle
import Settlement

/// Tells systemd the agent is ready, keeps its watchdog fed while the engine answers, and says
/// STOPPING=1 as soon as a shutdown begins. A service of the group, not code before it: the group
/// traps SIGTERM before it starts any service, and READY=1 sent earlier let a SIGTERM that
/// followed it at once kill the agent by the signal's default action (1 stop in 200 exited by
/// signal 15 in StopTests before this).
final class SystemdReadiness: Service, Sendable {
    private let notifier: SystemdNotifier
    private let engine: SettlementEngine
    private let status: String

    init(notifier: SystemdNotifier, engine: SettlementEngine, status: String) {
        self.notifier = notifier
        self.engine = engine
        self.status = status
    }

    func run() async throws {
        notifier.ready(status: status)
        if let interval = notifier.watchdogInterval {
            _ = try? await cancelWhenGracefulShutdown { [notifier, engine] in
                while !Task.isCancelled {
                    // Pinging only after the engine answers proves the actor is not stuck.
                    _ = await engine.nextDue()
                    notifier.watchdog()
                    try await Task.sleep(for: interval)
                }
            }
        } else {
            try? await gracefulShutdown()
        }
        notifier.stopping()
    }
}
