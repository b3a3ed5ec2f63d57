/// A pay on its way; `outcome()` waits for what `send` would have returned. Await it once.
public struct PayInFlight: Sendable {
    private let answer: @Sendable () async -> PaymentOutcome

    public init(_ answer: @escaping @Sendable () async -> PaymentOutcome) {
        self.answer = answer
    }

    /// For an acquirer that cannot start a request synchronously: a task sends it.
    public init(sending prepared: PreparedPay, with acquirer: some Acquirer) {
        let task = Task { await acquirer.send(prepared) }
        self.answer = { await task.value }
    }

    public func outcome() async -> PaymentOutcome { await answer() }
}
