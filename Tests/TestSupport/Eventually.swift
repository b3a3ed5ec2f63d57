import Testing

/// Polls `condition` until it holds or `seconds` pass, and says whether it held: readiness (a
/// listener bound, an event forwarded, a payment settled), a bound against hangs, never a timing
/// assertion.
public func eventually(seconds: Double = 20, every interval: Duration = .milliseconds(10),
                       _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return await condition()
}

/// `eventually`, recording a failed expectation at the caller when the condition never held.
public func expectEventually(seconds: Double = 30, sourceLocation: SourceLocation = #_sourceLocation,
                             _ condition: () async -> Bool) async {
    if await !eventually(seconds: seconds, condition) {
        Issue.record("condition never held in \(seconds) s", sourceLocation: sourceLocation)
    }
}
