@testable import Indicators
import POSIX
import Logging
import Testing
import TestSupport

/// Issue 9: a GPIO line another process holds (EBUSY). No gpiochip exists on CI, so the busy
/// line is the recorder's; the errno mapping it reports is the real backend's.
@Suite("Indicator driver: a busy line")
struct BusyLineTests {
    let logs = LogCapture()

    @Test func aBusyLineIsDownLoggedOnceRetriedAndBackWhenFreedWhileTheOthersKeepWorking() async throws {
        let clock = ManualClock()
        let backend = WriteRecorder(busy: [.amber])
        let driver = IndicatorDriver(backend: backend, clock: clock, retryInterval: .seconds(30), logger: logs.logger())
        var writes = backend.writes.makeAsyncIterator()
        let running = Task { try await driver.run() }
        #expect(await writes.take(1) == ["led.green=1@0"])

        driver.send(.armed)  // amber blinking: every amber step is skipped, green goes dark
        #expect(await writes.take(1) == ["led.green=0@0"])
        for _ in 0..<8 { clock.advance(by: .milliseconds(500)) }
        #expect(driver.status.down == [.amber])
        #expect(driver.status.outputs[.amber] == .down(WriteRecorder.busyFault(.amber).reason))
        #expect(WriteRecorder.busyFault(.amber).reason.contains("busy"))

        // Still held at the first retry: still down, and no second log line.
        #expect(await advanceUntilRetried(clock, backend, 1))
        #expect(driver.status.down == [.amber])
        driver.send(.success)  // the others keep working meanwhile
        #expect(await eventually { backend.events.contains("buzzer=1") && backend.events.filter { $0 == "led.green=1" }.count == 2 })

        let whileDown = backend.events
        backend.free(.amber)
        #expect(await advanceUntilRetried(clock, backend, 2))
        #expect(await eventually { driver.status.outputs[.amber] == .ok })
        #expect(driver.status.down.isEmpty)
        var blinked = false
        for _ in 0..<40 where !blinked {  // step by step: the driver's timer may not be asleep yet
            clock.advance(by: .milliseconds(250))
            blinked = await eventually({ backend.events.contains("led.amber=1") }, yields: 5_000)
        }
        #expect(blinked, "amber blinks again: \(backend.events.suffix(8)) \(driver.status)")
        #expect(!whileDown.contains { $0.hasPrefix("led.amber") }, "no amber write while it was down: \(whileDown)")

        running.cancel()
        try await running.value
        let messages = logs.messages
        #expect(messages.filter { $0.hasPrefix("error indicator output down") }.count == 1, "reported once: \(messages)")
        #expect(messages.first?.contains("output=led.amber") == true)
        #expect(messages.filter { $0 == "notice indicator output back output=led.amber" }.count == 1)
    }

    /// At boot the agent starts while udev is still setting the gpiochip's group and loading
    /// leds-gpio (the emulated board: every output down for 30 s). The first retries come soon:
    /// 1, 2, 4 s… so an output that becomes usable 2 s after the start is back before 4 s.
    @Test func anOutputDownAtStartIsRetriedWithinSecondsNotTheFullInterval() async throws {
        let clock = ManualClock()
        let backend = WriteRecorder(busy: [.amber])
        let driver = IndicatorDriver(backend: backend, clock: clock, retryInterval: .seconds(30), logger: logs.logger())
        let running = Task { try await driver.run() }
        #expect(await eventually { driver.status.down == [.amber] })
        var elapsed = Duration.zero
        var freed = false
        // Step a second at a time: the retry task may not be asleep on the clock yet.
        while elapsed < .seconds(30), driver.status.outputs[.amber] != .ok {
            clock.advance(by: .seconds(1))
            elapsed += .seconds(1)
            if elapsed == .seconds(2) { backend.free(.amber); freed = true }
            _ = await eventually({ driver.status.outputs[.amber] == .ok }, yields: 20_000)
        }
        #expect(freed)
        #expect(driver.status.outputs[.amber] == .ok, "still down after \(elapsed)")
        #expect(elapsed <= .seconds(4), "back \(elapsed) after the start; the 30 s interval alone would take 30 s")
        running.cancel()
        try await running.value
    }

    /// Moves the manual clock a retry interval at a time until the driver has tried `count` times
    /// (its retry task may not be asleep on the clock yet when the test first moves it).
    private func advanceUntilRetried(_ clock: ManualClock, _ backend: WriteRecorder, _ count: Int) async -> Bool {
        for _ in 0..<20 {
            clock.advance(by: .seconds(30))
            if await eventually({ backend.reclaimAttempts >= count }, yields: 20_000) { return true }
        }
        return false
    }
}

@Suite("libgpiod errors")
struct GPIOErrnoMappingTests {
    @Test func ebusyIsABusyLineAndOtherErrnosKeepTheirText() {
        #expect(GPIOError.requestFailed(.busy, line: "GPIO22", chip: "pinctrl-bcm2711") == .lineBusy(line: "GPIO22", chip: "pinctrl-bcm2711"))
        let denied = GPIOError.requestFailed(.permissionDenied, line: "GPIO22", chip: "pinctrl-bcm2711")
        #expect(denied == .cannotRequestLine(line: "GPIO22", chip: "pinctrl-bcm2711", .permissionDenied))
        #expect(denied.description.hasPrefix("cannot claim line GPIO22 on \"pinctrl-bcm2711\" as an output: "))
        #expect(denied.description.hasSuffix("(errno 13)"))
    }

    @Test func aMissingChipLabelIsATypedErrorNamingIt() throws {
        let empty = try TemporaryDirectory()
        #expect(throws: GPIOError.chipNotFound(label: "pinctrl-rp1", present: [], directory: empty.path)) {
            try GPIOChip.open(label: "pinctrl-rp1", directory: empty.path)
        }
    }

    @Test func theRealBackendRetriesAMissingChipAndSaysWhatIsStillWrong() throws {
        let empty = try TemporaryDirectory()
        let backend = GPIOBackend(bindings: [GPIOLineBinding(output: .red, chipLabel: "pinctrl-rp1", lineName: "GPIO22")],
                                  deviceDirectory: empty.path)
        #expect(backend.start().map(\.output) == [.red])
        let fault = try #require(backend.reclaim(.red))
        #expect(fault.reason.hasPrefix("no gpiochip labelled \"pinctrl-rp1\""))
        #expect(backend.reclaim(.green)?.reason == "not wired on this board")
        #expect(CompositeBackend([backend, SimulatedBackend(outputs: [.red])]).reclaim(.red) == fault)
        backend.stop()
    }
}
