import Testing

/// Every test that puts a console on a pty, one at a time: each owns a tty and a service, and
/// running them side by side only tests the machine's pty allocator.
@Suite(.serialized)
struct ConsolePTYTests {}
