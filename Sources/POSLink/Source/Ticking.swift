import ServiceLifecycle

/// The run loop of a source with nothing to listen on but time: calls `tick` every `interval`
/// until the task is cancelled or the service group shuts down. Sources act on the wall clock
/// they were given inside `tick`, so tests move that clock and call `tick` themselves.
func runTicking(every interval: Duration, _ tick: @escaping @Sendable () async -> Void) async {
    _ = try? await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            await tick()
            try await Task.sleep(for: interval)
        }
    }
}
