import Fleet
import Foundation
import Journal
import Testing
import TestSupport

/// The agent process (`scanbridge run`) with `fleet.enabled`, against a real Mosquitto: the
/// journal is the outbox, so a broker that was down, a broker that restarted and an agent that
/// was SIGKILLed in the middle of an export all end the same way: every payment at the head
/// office, and the journal saying so.
@Suite("Fleet uplink end to end", .serialized)
struct UplinkEndToEndTests {
    /// Payment records the office heard, by request id (duplicates are allowed; counted apart).
    static func records(_ office: Listener, box: String) -> [PaymentRecord] {
        office.messages(on: "scanbridge/\(box)/payments").compactMap {
            try? JSONDecoder().decode(PaymentRecord.self, from: Data($0.utf8))
        }
    }

    static func status(_ office: Listener, box: String) -> StatusReport? {
        office.messages(on: "scanbridge/\(box)/status").last.flatMap { StatusReport.parse(Array($0.utf8)) }
    }

    static func allExported(_ journal: Journal) async -> Bool {
        (try? await journal.exportBacklog().count) == 0
    }

    @Test func theBrokerDownThroughManyPaymentsThenBackDeliversEveryOne() async throws {
        let count = 200
        let broker = try Broker()
        defer { broker.remove() }
        let box = try await FleetBox(brokerPort: broker.port)
        try box.start()
        #expect(await box.pay(count), "the box takes payments while its broker is down")
        let paid = await box.paidRequestIDs()
        #expect(paid.count >= count)
        let journal = try box.openJournal()
        #expect(try await journal.exportBacklog().count == paid.count, "all waiting in the journal")
        #expect(await eventually(seconds: 10) { box.metrics.contains("scanbridge_fleet_link_up 0") }, "the metrics show the link down")

        try await broker.start()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/payments", "scanbridge/+/status"])
        #expect(await office.waitConnected())
        let back = ContinuousClock.now
        #expect(await eventually(seconds: 30, every: .milliseconds(1)) { !Self.records(office, box: "BOX-1").isEmpty })
        let first = ContinuousClock.now
        #expect(await eventually(seconds: 60, every: .milliseconds(1)) { Set(Self.records(office, box: "BOX-1").map(\.paymentRequestId)).isSuperset(of: paid) },
                "every payment arrives after the outage")
        let drained = ContinuousClock.now - back
        let streaming = ContinuousClock.now - first
        let seconds = Double(streaming.components.seconds) + Double(streaming.components.attoseconds) / 1e18
        #expect(await eventually(seconds: 20) { await Self.allExported(journal) }, "and the journal says exported")
        let records = Self.records(office, box: "BOX-1")
        #expect(records.allSatisfy { $0.state == "succeeded" && $0.amount == PaymentRecord.Amount(value: "1250", currency: "USD") && $0.v == 1 })
        #expect(records.allSatisfy { $0.paymentId != nil && $0.type == "payment" })
        // Journal order: the order the payments became final (their updatedAt never goes back).
        let times = records.map(\.updatedAt)
        #expect(times == times.sorted(), "exported in journal order")
        print("fleet export after an outage: \(paid.count) rows in \(drained) from the broker's return (reconnect backoff included), \(streaming) from the first to the last row: \(Int(Double(paid.count - 1) / max(seconds, 0.001))) rows/s; duplicates: \(records.count - Set(records.map(\.paymentRequestId)).count)")
        #expect(await eventually(seconds: 20) { Self.status(office, box: "BOX-1")?.exportBacklog == 0 }, "the status shows the backlog gone")
        let status = try #require(Self.status(office, box: "BOX-1"))
        #expect(status.online && status.version == "0.1.0" && status.board == "sim" && status.lastResult?.outcome == "paid")
        #expect(status.scanner?.hasPrefix("connected") == true)
        #expect(await box.stop() == 0)
        await office.stop()
        await box.remove()
    }

    @Test func aSIGKILLMidExportLosesNothing() async throws {
        let count = 150
        let broker = try Broker()
        defer { broker.remove() }
        let box = try await FleetBox(brokerPort: broker.port)
        try box.start()
        #expect(await box.pay(count))
        let paid = await box.paidRequestIDs()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/payments"])
        try await broker.start()
        // The office connects as the box does; kill the box as soon as the first records land.
        #expect(await eventually(seconds: 30, every: .milliseconds(1)) { !office.messages.isEmpty })
        await box.kill()
        let before = Set(Self.records(office, box: "BOX-1").map(\.paymentRequestId))
        print("fleet: SIGKILL after \(before.count) of \(paid.count) rows had arrived")
        try box.start()
        #expect(await eventually(seconds: 60) { Set(Self.records(office, box: "BOX-1").map(\.paymentRequestId)).isSuperset(of: paid) },
                "the restarted box sends the rest")
        let journal = try box.openJournal()
        #expect(await eventually(seconds: 20) { await Self.allExported(journal) })
        #expect(await box.stop() == 0)
        await office.stop()
        await box.remove()
    }

    @Test func aBrokerRestartLosesNothingAndTheStatusComesBack() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let box = try await FleetBox(brokerPort: broker.port)
        try box.start()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/payments", "scanbridge/+/status"])
        #expect(await office.waitConnected())
        #expect(await box.pay(5))
        #expect(await eventually(seconds: 20) { Self.records(office, box: "BOX-1").count >= 5 })
        #expect(await eventually(seconds: 10) { box.metrics.contains("scanbridge_fleet_link_up 1") })

        // Persistence off: the restarted broker has forgotten everything, retained status included.
        await broker.kill()
        #expect(await box.pay(5), "payments go on while the broker is away")
        try await broker.start()
        let later = try Listener(port: broker.port, subscriptions: ["scanbridge/+/payments", "scanbridge/+/status"])
        let paid = await box.paidRequestIDs()
        #expect(await eventually(seconds: 60) {
            Set(Self.records(office, box: "BOX-1").map(\.paymentRequestId) + Self.records(later, box: "BOX-1").map(\.paymentRequestId)).isSuperset(of: paid)
        })
        #expect(await eventually(seconds: 20) { Self.status(later, box: "BOX-1")?.online == true }, "the box republishes its retained status")
        let journal = try box.openJournal()
        #expect(await eventually(seconds: 20) { await Self.allExported(journal) })
        #expect(await box.stop() == 0)
        // A clean stop turns the retained status offline through the Will.
        #expect(await eventually(seconds: 10) { Self.status(later, box: "BOX-1")?.online == false })
        await office.stop()
        await later.stop()
        await box.remove()
    }

    /// A SIGKILL closes the box's socket (the kernel does), so the broker publishes the Will at
    /// once; a box that loses power or its Wi-Fi is found by the keepalive, within 1.5 × it.
    @Test func aKilledBoxShowsOfflineWithinOneAndAHalfKeepalives() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let box = try await FleetBox(brokerPort: broker.port, keepalive: "5s")
        try box.start()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/status"])
        #expect(await eventually(seconds: 20) { Self.status(office, box: "BOX-1")?.online == true })
        let killed = ContinuousClock.now
        await box.kill()
        #expect(await eventually(seconds: 15) { Self.status(office, box: "BOX-1")?.online == false })
        let shown = ContinuousClock.now - killed
        #expect(shown <= .milliseconds(7_500 + 500), "offline after \(shown); the broker's bound is 1.5 × 5 s")
        await office.stop()
        await box.remove()
    }

    @Test func commandsAreAnsweredIdentifyAndReportIncluded() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let box = try await FleetBox(brokerPort: broker.port)
        try box.start()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/command/result", "scanbridge/+/status", "scanbridge/+/report"])
        #expect(await eventually(seconds: 20) { Self.status(office, box: "BOX-1")?.online == true })
        _ = try office.link.publish(topic: "scanbridge/BOX-1/command", payload: Array("identify".utf8))
        #expect(await eventually(seconds: 10) { office.messages(on: "scanbridge/BOX-1/command/result").contains { $0.contains(#""command":"identify""#) && $0.contains(#""ok":true"#) } })
        // `scanbridge run` on the sim board keeps its LED writes in memory; the log says it was asked.
        #expect(await eventually(seconds: 10) { box.log.contains("identify asked for over the uplink") })
        // Today's takings on the retained report topic, asked for; an impossible date is refused.
        #expect(await box.pay(2))
        let paid = await box.succeeded()
        _ = try office.link.publish(topic: "scanbridge/BOX-1/command", payload: Array("report".utf8))
        #expect(await eventually(seconds: 10) {
            office.messages(on: "scanbridge/BOX-1/report").compactMap { try? JSONDecoder().decode(DayReportPayload.self, from: Data($0.utf8)) }
                .contains { $0.lines.first?.paidCount == paid && $0.lines.first?.paidMinor == Int64(paid) * 1250 && $0.lines.first?.currency == "USD" }
        }, "\(office.messages(on: "scanbridge/BOX-1/report"))")
        _ = try office.link.publish(topic: "scanbridge/BOX-1/command", payload: Array("report 2026-02-30".utf8))
        #expect(await eventually(seconds: 10) { office.messages(on: "scanbridge/BOX-1/command/result").contains { $0.contains("is not a date") } })
        _ = try office.link.publish(topic: "scanbridge/BOX-1/command", payload: Array("format-disk".utf8))
        #expect(await eventually(seconds: 10) { office.messages(on: "scanbridge/BOX-1/command/result").contains { $0.contains(#""ok":false"#) && $0.contains("unknown command") } })
        #expect(await box.stop() == 0)
        await office.stop()
        await box.remove()
    }

    /// Pruning keeps unexported rows only while the box has an uplink: turned off, the journal
    /// prunes as before, or a box that once had a broker would fill its disk.
    @Test func turningTheUplinkOffLetsPruningGoOn() async throws {
        let broker = try Broker()  // never started: nothing is exported
        defer { broker.remove() }
        let box = try await FleetBox(brokerPort: broker.port)
        try box.start()
        #expect(await box.pay(1))
        let journal = try box.openJournal()
        #expect(await eventually(seconds: 10) { (try? await journal.exportRequired()) == true })
        #expect(await box.stop() == 0)
        let text = try String(contentsOfFile: box.config, encoding: .utf8)
        try text.replacingOccurrences(of: "fleet.enabled = true", with: "fleet.enabled = false").write(toFile: box.config, atomically: true, encoding: .utf8)
        try box.start()
        #expect(await eventually(seconds: 10) { (try? await journal.exportRequired()) == false })
        #expect(await box.pay(1), "running (a SIGTERM before the service group traps it would kill the agent)")
        #expect(await eventually(seconds: 10) { (try? await journal.exportBacklog().count) ?? 0 >= 2 },
                "the rows stay unexported; only pruning is free again")
        #expect(await box.stop() == 0)
        await box.remove()
    }

    /// fleet.username and fleet.password reach the broker, and the shipped ACL lets the box write
    /// its own topics; a wrong password is refused and said so, in the log and the metrics.
    @Test func aPasswordIsPresentedAndAWrongOneIsRefusedAndShown() async throws {
        let directory = NSTemporaryDirectory() + "scanbridge-passwd-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let passwd = try ACLTests.passwords(in: directory, users: ["office", "BOX-1"])
        let broker = try Broker(extra: ["allow_anonymous false", "password_file \(passwd)", "acl_file \(ACLTests.packaging)/scanbridge.acl"])
        defer { broker.remove() }
        try await broker.start()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/status", "scanbridge/+/payments", "scanbridge/+/report"],
                                  username: "office", password: "eciffo")
        let box = try await FleetBox(brokerPort: broker.port, extra: ["fleet.username = BOX-1", "fleet.password = 1-XOB"])
        try box.start()
        #expect(await eventually(seconds: 20) { Self.status(office, box: "BOX-1")?.online == true })
        #expect(await box.pay(1))
        #expect(await eventually(seconds: 20) { Self.records(office, box: "BOX-1").count == 1 }, "the ACL lets the box export")
        #expect(await eventually(seconds: 20) { !office.messages(on: "scanbridge/BOX-1/report").isEmpty }, "and publish its day's report")
        #expect(await box.stop() == 0)
        await box.remove()

        let wrong = try await FleetBox(brokerPort: broker.port, extra: ["fleet.username = BOX-1", "fleet.password = guessed"])
        try wrong.start()
        #expect(await eventually(seconds: 20) { wrong.log.contains("fleet link down") && wrong.log.contains("refused by the broker") },
                "\(wrong.log.suffix(600))")
        #expect(!wrong.log.contains("guessed"), "the password is never logged")
        #expect(await eventually(seconds: 10) { wrong.metrics.contains("scanbridge_fleet_link_up 0") })
        #expect(await wrong.stop() == 0)
        await office.stop()
        await wrong.remove()
    }

    /// fleet.broker mqtts://, fleet.ca-file, fleet.cert and fleet.key reach the link: the box
    /// connects with its certificate; given a CA that did not sign the broker, it refuses the
    /// broker and its log and metrics say so.
    @Test func tlsKeysReachTheLinkAndAWrongCAIsShown() async throws {
        let tls = try TLSBroker()
        defer { tls.remove() }
        try await tls.broker.start()
        let certificates = tls.certificates
        let keys = ["fleet.cert = \(certificates.clientCert)", "fleet.key = \(certificates.clientKey)",
                    "fleet.broker = mqtts://127.0.0.1:\(tls.broker.port)"]
        let box = try await FleetBox(brokerPort: tls.broker.port, extra: keys + ["fleet.ca-file = \(certificates.caFile)"])
        try box.start()
        let office = try Listener(port: tls.broker.port, subscriptions: ["scanbridge/+/status"],
                                  tls: .init(caFile: certificates.caFile, certificateFile: certificates.clientCert, keyFile: certificates.clientKey))
        #expect(await eventually(seconds: 20) { Self.status(office, box: "BOX-1")?.online == true }, "the box connected over TLS with its certificate")
        #expect(await box.stop() == 0)
        await box.remove()

        let distrustful = try await FleetBox(brokerPort: tls.broker.port, extra: keys + ["fleet.ca-file = \(certificates.otherCA)"])
        try distrustful.start()
        #expect(await eventually(seconds: 20) { distrustful.log.contains("fleet link down") && distrustful.log.contains("TLS failed") },
                "\(distrustful.log.suffix(600))")
        #expect(await eventually(seconds: 10) { distrustful.metrics.contains("scanbridge_fleet_link_up 0") })
        #expect(await distrustful.stop() == 0)
        await office.stop()
        await distrustful.remove()
    }
}

/// `config/set` round trips through the agent process: checked by the catalog, saved in
/// `fleet.conf`, audited with its source, applied live where the key allows, answered on
/// `config/result`; a secret set that way never comes back.
@Suite("Fleet remote settings end to end", .serialized)
struct RemoteSettingsEndToEndTests {
    static func results(_ office: Listener) -> [ConfigResult] {
        office.messages(on: "scanbridge/BOX-1/config/result").compactMap { try? JSONDecoder().decode(ConfigResult.self, from: Data($0.utf8)) }
    }

    @Test func aChangeIsValidatedSavedAuditedAppliedAndAnswered() async throws {
        let broker = try Broker()
        defer { broker.remove() }
        try await broker.start()
        let box = try await FleetBox(brokerPort: broker.port)
        try box.start()
        let office = try Listener(port: broker.port, subscriptions: ["scanbridge/+/config/result", "scanbridge/+/status"])
        #expect(await eventually(seconds: 20) { UplinkEndToEndTests.status(office, box: "BOX-1")?.online == true })

        // A bad value, an unknown key and a key that would cut the uplink: refused, nothing saved.
        for (id, body) in [("bad", #"{"amount.fixed":"twelve"}"#), ("unknown", #"{"amount.fixd":"4.20"}"#), ("cut", #"{"fleet.broker":"mqtts://elsewhere.example.com"}"#)] {
            _ = try office.link.publish(topic: "scanbridge/BOX-1/config/set", payload: Array(#"{"id":"\#(id)","set":\#(body)}"#.utf8))
        }
        #expect(await eventually(seconds: 10) { Self.results(office).count == 3 })
        let refusals = Dictionary(uniqueKeysWithValues: Self.results(office).map { ($0.id ?? "", $0) })
        #expect(refusals["bad"]?.ok == false && refusals["bad"]?.errors.contains { $0.contains("amount.fixed") } == true, "\(String(describing: refusals["bad"]))")
        #expect(refusals["unknown"]?.errors.contains { $0.contains("did you mean amount.fixed") } == true, "\(String(describing: refusals["unknown"]))")
        #expect(refusals["cut"]?.errors.first?.contains("cannot be changed over the uplink") == true)
        #expect(!FileManager.default.fileExists(atPath: box.files.directory + "/fleet.conf"), "nothing was saved")

        // A price (live) and a secret (after restart) in one request, as plain lines.
        let secret = "till-7-secret-\(UInt32.random(in: 0...UInt32.max))"
        _ = try office.link.publish(topic: "scanbridge/BOX-1/config/set", payload: Array("amount.fixed = 4.20\namount.ecr.token = \(secret)\n".utf8))
        #expect(await eventually(seconds: 10) { Self.results(office).count == 4 })
        let result = try #require(Self.results(office).last)
        #expect(result.ok, "\(result.errors)")
        #expect(result.applied == ["amount.fixed": "4.20", "amount.ecr.token": "<redacted>"])
        #expect(result.appliesNow == ["amount.fixed"] && result.afterRestart == ["amount.ecr.token"])
        #expect(!office.messages.contains { $0.payload.contains(secret) }, "a secret is never read back")
        let saved = try String(contentsOfFile: box.files.directory + "/fleet.conf", encoding: .utf8)
        #expect(saved.contains("amount.fixed = 4.20") && saved.contains(secret), "saved in the fleet layer")

        // Applied live: the next code pays 4.20.
        #expect(await box.pay(1))
        #expect(await box.simulator.ledger.snapshot().payments.last?.amount.value == "420")
        #expect(await box.stop() == 0)
        let audit = try await box.openJournal().auditLog()
        let fleetRows = audit.filter { $0.port == "fleet" }
        #expect(fleetRows.map(\.key) == ["amount.ecr.token", "amount.fixed"])
        #expect(fleetRows.first { $0.key == "amount.fixed" }?.new == "4.20" && fleetRows.first { $0.key == "amount.fixed" }?.old == "12.50")
        #expect(fleetRows.allSatisfy { $0.new != secret }, "the audit log redacts secrets")
        #expect(!box.log.contains(secret))

        // The fleet layer survives a restart.
        try box.start()
        #expect(await box.pay(1))
        #expect(await box.simulator.ledger.snapshot().payments.last?.amount.value == "420")
        #expect(await box.stop() == 0)
        await office.stop()
        await box.remove()
    }
}
