import Testing

/// Every POS link test, one at a time: they start simulators, listeners and pseudo-terminals,
/// and run in parallel with the rest of the package's tests; one at a time keeps the load they
/// add (and the /dev/pts numbers they take) small. Together they take a few seconds.
@Suite("POS link", .serialized)
enum POSLinkSuite {}
