/// Yields until `condition` holds, for state another task is about to reach. Bounded, so a broken
/// driver fails the test instead of hanging CI; never sleeps, so it costs no wall-clock time.
func eventually(_ condition: () -> Bool, yields: Int = 200_000) async -> Bool {
    for _ in 0..<yields {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}
