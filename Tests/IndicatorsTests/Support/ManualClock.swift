import TestSupport

/// The indicator tests' name for TestSupport's stepping clock (TestSupport's own `ManualClock` is
/// the engine's wall clock).
typealias ManualClock = SteppingClock
