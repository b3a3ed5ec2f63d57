import Indicators
import Logging
import ServiceLifecycle
import Testing
import TestSupport

@Suite("Indicator driver service")
struct DriverTests {
    let logs = LogCapture()
    var logger: Logger { logs.logger() }

    @Test func playsPatternsAgainstTheManualClock() async throws {
        let clock = ManualClock()
        let backend = WriteRecorder()
        let driver = IndicatorDriver(backend: backend, clock: clock, logger: logger)
        var writes = backend.writes.makeAsyncIterator()
        let running = Task { try await driver.run() }

        #expect(await writes.take(1) == ["led.green=1@0"])
        clock.advance(by: .milliseconds(80))
        #expect(await writes.take(1) == ["led.green=0@80"])
        driver.send(.success)
        #expect(await writes.take(2) == ["buzzer=1@80", "led.green=1@80"])
        clock.advance(by: .milliseconds(120))
        #expect(await writes.take(1) == ["buzzer=0@200"])
        driver.send(.armed)  // inside success's 2 s hold: waits
        clock.advance(by: .milliseconds(1880))
        #expect(await writes.take(2) == ["led.amber=1@2080", "led.green=0@2080"])
        #expect(driver.status.showing == .armed)

        running.cancel()
        try await running.value
        #expect(backend.events.first == "start")
        #expect(backend.events.last == "stop")
    }

    @Test func stopsIntoTheSafeStateOnGracefulShutdown() async throws {
        let backend = WriteRecorder()
        let driver = IndicatorDriver(backend: backend, clock: ManualClock(), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: driver)], logger: logger))
        var writes = backend.writes.makeAsyncIterator()
        let running = Task { try await group.run() }
        #expect(await writes.take(1) == ["led.green=1@0"])

        await group.triggerGracefulShutdown()
        try await running.value
        #expect(backend.events == ["start", "led.green=1", "stop"])
        #expect(driver.status.showing == nil)
    }

    @Test func missingOutputsAreReportedAndSkippedWhileTheRestWorks() async throws {
        let backend = WriteRecorder(failing: [.amber])
        let driver = IndicatorDriver(backend: backend, clock: ManualClock(), logger: logger)
        var writes = backend.writes.makeAsyncIterator()
        let running = Task { try await driver.run() }
        _ = await writes.take(1)

        driver.send(.armed)  // amber only: the heartbeat goes dark, amber is skipped
        driver.send(.success)
        #expect(await writes.take(3) == ["led.green=0@0", "buzzer=1@0", "led.green=1@0"])
        #expect(!backend.events.contains { $0.hasPrefix("led.amber") })
        let status = driver.status
        #expect(status.down == [.amber])
        #expect(status.outputs[.amber] == .down("test: led.amber is unplugged"))
        #expect(status.outputs[.green] == .ok)
        #expect(status.isDegraded)
        #expect(logs.messages == ["error indicator output down; carrying on without it output=led.amber reason=test: led.amber is unplugged"])

        running.cancel()
        try await running.value
    }

    @Test func anOutputFailingAtRunTimeIsTriedOnceThenMarkedDown() async throws {
        let clock = ManualClock()
        let backend = WriteRecorder(failingWrites: [.green])
        // No retry inside the 2.1 s this test looks at: the first one comes at 30 s here.
        let driver = IndicatorDriver(backend: backend, clock: clock, firstRetry: .seconds(30), logger: logger)
        var writes = backend.writes.makeAsyncIterator()
        let running = Task { try await driver.run() }

        driver.send(.success)
        #expect(await writes.take(1) == ["buzzer=1@0"])
        clock.advance(by: .milliseconds(120))
        #expect(await writes.take(1) == ["buzzer=0@120"])
        // Success ends at 2000 and idle's heartbeat turns green off at 2080: a write the driver
        // must skip. The notice sent at 2100 is written in the same batch, after it.
        clock.advance(by: .milliseconds(1980))
        driver.send(.notAPaymentCode)
        #expect(await writes.take(2) == ["buzzer=1@2100", "led.red=1@2100"])
        #expect(backend.events.filter { $0.hasPrefix("led.green") } == ["led.green=1"], "one attempt, then skipped")
        #expect(driver.status.down == [.green])
        #expect(logs.messages.count == 1, "reported once: \(logs.messages)")

        running.cancel()
        try await running.value
    }
}
