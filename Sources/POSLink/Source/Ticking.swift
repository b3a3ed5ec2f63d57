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

/// A source's life: its inputs handled in order, and expiry checked every half second, until the
/// inputs end or the service is cancelled or shut down (then `stop` lets go of the transport).
func serve<Input: Sendable>(
    _ inputs: AsyncStream<Input>, handle: @escaping @Sendable (Input) async -> Void,
    expire: @escaping @Sendable () async -> Void, stop: @escaping @Sendable () -> Void
) async {
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await runTicking(every: .milliseconds(500), expire) }
        group.addTask {
            await withTaskCancellationOrGracefulShutdownHandler {
                for await input in inputs { await handle(input) }
            } onCancelOrGracefulShutdown: {
                stop()
            }
        }
        await group.next()
        group.cancelAll()
    }
}
