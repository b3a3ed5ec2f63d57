import Journal
import Logging
import MQTT
import PaymentModel

/// The uplink's state on its one task: the export window, the connection as last heard, when
/// the status went out. Every input is handled to the end before the next, so a PUBACK is never
/// looked at before the publish it answers was recorded.
struct FleetSession {
    let uplink: FleetUplink
    var window = ExportWindow()
    var connected = false
    var lastFault: MQTTError?
    var lastStatus: ContinuousClock.Instant?
    var lastReport: ContinuousClock.Instant?
    var statusDirty = false
    /// A `.statusChanged` is on its way for the end of the minimum gap.
    var nudgeScheduled = false

    init(uplink: FleetUplink) {
        self.uplink = uplink
    }

    var logger: Logger { uplink.logger }

    mutating func handle(_ input: FleetUplink.Input) async {
        switch input {
        case .link(.connected):
            window.reset()
            connected = true
            lastFault = nil
            logger.notice("fleet link up", metadata: ["broker": "\(uplink.settings.broker.host):\(uplink.settings.broker.port)"])
            await publishStatus()
            await pump()
        case .link(.disconnected(let error)):
            if connected || error != lastFault {
                logger.warning("fleet link down", metadata: ["error": "\(error)", "unacknowledged": "\(window.count)"])
            }
            connected = false
            lastFault = error
            window.reset()
        case .link(.acknowledged(let messageID, let reasonCode)):
            guard let item = window.acknowledged(messageID) else { return }
            if reasonCode < 0x80 {
                do {
                    if try await uplink.journal.markExported(item.key, version: item.version, at: Timestamp.epochMilliseconds()) {
                        uplink.counters.withLock { $0.exported += 1 }
                    }
                } catch {
                    logger.error("fleet: export acknowledged but not marked; it will be sent again", metadata: ["error": "\(error)"])
                }
            } else {
                window.refuse(item)
                uplink.counters.withLock { $0.refused += 1 }
                logger.error("fleet: the broker refused an export; it waits in the journal", metadata: [
                    "reason": "\(reasonCode)", "key": "\(item.key.kind.rawValue) \(item.key.id)",
                ])
            }
            await pump()
            if window.isEmpty { statusDirty = true }
        case .link(.message(let topic, let payload)):
            await command(topic: topic, payload: payload)
        case .journalChanged:
            await pump()
            statusDirty = true
            await publishStatusIfDue(minimumGap: .seconds(1))
        case .statusChanged:
            statusDirty = true
            nudgeScheduled = false
            await publishStatusIfDue(minimumGap: .seconds(1))
        case .tick:
            await pump()
            await publishStatusIfDue(minimumGap: .seconds(1))
            if connected, lastReport.map({ ContinuousClock.now - $0 >= uplink.settings.statusInterval }) ?? true {
                if await publishReport(day: nil) == nil { lastReport = ContinuousClock.now }
            }
        }
    }

    /// Fills the window from the journal, oldest first.
    mutating func pump() async {
        guard connected else { return }
        while window.count < uplink.settings.window {
            let items: [ExportItem]
            do {
                items = try await uplink.journal.unexported(limit: uplink.settings.window - window.count, excluding: window.excluded)
            } catch {
                logger.error("fleet: cannot read the journal to export", metadata: ["error": "\(error)"])
                return
            }
            guard !items.isEmpty else { return }
            for item in items {
                do {
                    let messageID = try uplink.link.publish(topic: uplink.topics.payments, payload: PaymentRecord(item, box: uplink.settings.boxID).json)
                    window.sent(item, messageID: messageID)
                } catch {
                    return  // the link went down; `disconnected` follows
                }
            }
        }
    }

    mutating func publishStatusIfDue(minimumGap: Duration) async {
        let now = ContinuousClock.now
        let due = lastStatus.map { now - $0 >= uplink.settings.statusInterval } ?? true
        let allowed = lastStatus.map { now - $0 >= minimumGap } ?? true
        if due || (statusDirty && allowed) {
            await publishStatus()
        } else if statusDirty, !nudgeScheduled, let last = lastStatus {
            // A change within the gap is published when the gap ends, not at the next export
            // poll (5 s later: the demo's office saw the last payment still in the queue).
            nudgeScheduled = true
            uplink.nudgeStatus(after: minimumGap - (now - last))
        }
    }

    mutating func publishStatus() async {
        guard connected else { return }
        let report = await statusReport()
        if (try? uplink.link.publish(topic: uplink.topics.status, payload: report.json, retain: true)) != nil {
            lastStatus = ContinuousClock.now
            statusDirty = false
        }
    }

    /// The day's takings on the retained `report` topic: today's (nil) or a named day's. Returns
    /// why not, or nil when published.
    func publishReport(day: String?) async -> String? {
        let now = Timestamp.epochMilliseconds()
        let window: (date: String, from: Int64, to: Int64)
        if let day {
            guard let named = uplink.settings.reportDay.day(named: day) else { return "\(day.prefix(16)) is not a date (YYYY-MM-DD)" }
            window = named
        } else {
            window = uplink.settings.reportDay.day(containing: now)
        }
        do {
            let report = try await uplink.journal.report(date: window.date, from: window.from, to: window.to)
            _ = try uplink.link.publish(topic: uplink.topics.report, payload: DayReportPayload(report, box: uplink.settings.boxID, at: now).json, retain: true)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func statusReport() async -> StatusReport {
        let snapshot = uplink.box.snapshot
        var report = StatusReport(box: uplink.settings.boxID, online: true)
        report.version = uplink.settings.version
        report.board = uplink.settings.board
        report.scanner = snapshot.scanner
        report.acquirer = snapshot.acquirer
        report.queueDepth = (try? await uplink.journal.unfinished().count)
        report.lastResult = snapshot.lastResult
        report.outputsDown = uplink.host.outputsDown()
        if let backlog = try? await uplink.journal.exportBacklog() {
            report.exportBacklog = backlog.count
            report.oldestUnexportedAt = backlog.oldestAt
        }
        report.at = Timestamp.epochMilliseconds()
        return report
    }
}
