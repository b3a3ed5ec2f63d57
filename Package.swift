// swift-tools-version:6.0
//
// scanbridge: wallet payment-code scan box agent. Data walks one way:
// serial bytes → frame → payment code → journaled attempt → signed request → outcome → lights.
// See docs/ARCHITECTURE.md for where each part lives.
import PackageDescription

// C libraries come from Debian's -dev packages; each gets one small Swift face in the module
// that owns it, and no C type leaks past that face.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let flyingFox = Target.Dependency.product(name: "FlyingFox", package: "FlyingFox")

let package = Package(
    name: "scanbridge",
    products: [
        .executable(name: "scanbridge", targets: ["scanbridge"]),
        .executable(name: "scanbridge-bench", targets: ["scanbridge-bench"]),
        .executable(name: "scanbridge-fleet", targets: ["scanbridge-fleet"]),
        // For the fuzz package in Fuzz/ (it depends on this one by path): the parsers it drives.
        .library(name: "ScanCode", targets: ["ScanCode"]),
        .library(name: "Money", targets: ["Money"]),
        .library(name: "PaymentModel", targets: ["PaymentModel"]),
        .library(name: "Antom", targets: ["Antom"]),
        .library(name: "POSLink", targets: ["POSLink"]),
        .library(name: "Configuration", targets: ["Configuration"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "Console", targets: ["Console"]),
        .library(name: "Voice", targets: ["Voice"]),
        .library(name: "Fleet", targets: ["Fleet"]),
        // For the fuzz package: the agent's validator and the settings it builds.
        .library(name: "Agent", targets: ["Agent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),  // antom-sim's HTTP server only
    ],
    targets: [
        // MARK: C system libraries
        systemLibrary("CSerialPort", pkgConfig: "libserialport", apt: "libserialport-dev"),
        systemLibrary("CGPIOD", pkgConfig: "libgpiod", apt: "libgpiod-dev"),
        systemLibrary("CSQLite3", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("COpenSSL", pkgConfig: "libcrypto", apt: "libssl-dev"),
        systemLibrary("CMosquitto", pkgConfig: "libmosquitto", apt: "libmosquitto-dev"),
        .systemLibrary(name: "CTermios"),
        systemLibrary("CALSA", pkgConfig: "alsa", apt: "libasound2-dev"),

        // MARK: Scan path — bytes to payment codes
        .target(name: "ScanCode", dependencies: ["POSIX"]),
        // The POSIX layer: descriptors, errno, dedicated threads, TCP and Unix datagram sockets,
        // whole-file reads and hex, each C call once (in the manner of swift-system).
        .target(name: "POSIX", dependencies: ["CTermios"]),
        .testTarget(name: "POSIXTests", dependencies: ["POSIX"]),
        .target(name: "SerialIO", dependencies: ["POSIX", "CSerialPort", "CTermios", log]),
        .target(name: "Scanner", dependencies: ["ScanCode", "SerialIO", log, lifecycle]),
        .target(name: "ScannerSimulator", dependencies: ["SerialIO"]),

        // MARK: Acquirer
        .target(name: "Money"),
        // The payment model no acquirer owns: the acquirer protocol, outcomes, declines, request
        // ids, wall time and payment events. Everything below `Agent` depends on this, not on Antom.
        .target(name: "PaymentModel", dependencies: ["Money"]),
        .target(name: "Antom", dependencies: ["POSIX", "PaymentModel", "Money", "CCurl", "COpenSSL", log]),
        .target(name: "AntomSimulator", dependencies: ["POSIX", "Antom", "PaymentModel", "Money", flyingFox, log]),
        .executableTarget(name: "antom-sim", dependencies: ["AntomSimulator", argumentParser]),
        .executableTarget(
            name: "bench-acquirer",
            dependencies: ["FaultProxy", "Antom", "PaymentModel", "AntomSimulator", "Money", log],
            path: "Benchmarks/bench-acquirer"
        ),
        .testTarget(name: "MoneyTests", dependencies: ["Money"]),
        .testTarget(name: "AntomTests", dependencies: ["POSIX", "TestSupport", "Antom", "PaymentModel", "AntomSimulator", "Money"]),

        // MARK: Indicators
        // LEDs and buzzer: patterns as data, played by a Service on libgpiod / LED-class / PWM /
        // simulated backends chosen by a board profile (boards/*.json).
        .target(name: "Indicators", dependencies: ["POSIX", "CGPIOD", log, lifecycle]),
        .testTarget(name: "IndicatorsTests", dependencies: ["TestSupport", "Indicators", "POSIX"]),
        .executableTarget(
            name: "bench-indicators", dependencies: ["Indicators"], path: "Benchmarks/bench-indicators"
        ),

        // MARK: Voice
        // Spoken results: a number grammar per locale, clip packs (voice/, made by
        // scripts/voice-packs), and a speaker on ALSA on a thread of its own, fed from the events.
        .target(name: "Voice", dependencies: ["POSIX", "CALSA", "Events", "PaymentModel", "Money", log, lifecycle]),
        .executableTarget(
            name: "bench-voice", dependencies: ["Voice", "Events", "PaymentModel", "Money", log], path: "Benchmarks/bench-voice"
        ),
        .testTarget(name: "VoiceTests", dependencies: ["Voice", "TestSupport", "Events", "PaymentModel", "Money", "POSIX", "Configuration", "Scanner", "ScanCode", log]),

        // MARK: Journal — durable record of every payment attempt
        .target(name: "Journal", dependencies: ["Money", "CSQLite3"]),
        .target(name: "Settlement", dependencies: ["Journal", "PaymentModel", "Money", log, lifecycle]),

        // MARK: POS link
        // Amount sources: where the amount of a payment comes from (ECR line protocol over serial
        // or TCP, a customer-display tap, a fixed price, the console) and where its result goes.
        .target(name: "POSLink", dependencies: ["POSIX", "Settlement", "Journal", "PaymentModel", "Money", "SerialIO", log, lifecycle]),
        .testTarget(
            name: "POSLinkTests",
            dependencies: ["POSIX", "TestSupport", "POSLink", "Settlement", "Journal", "Antom", "PaymentModel", "AntomSimulator", "Money", "SerialIO", log, lifecycle],
            exclude: ["Fixtures"]
        ),
        // MARK: Console and configuration
        // Typed, layered configuration (defaults < board < provisioning file < console), and the
        // technician console on a serial tty owned by the agent. Configuration imports no C.
        .target(name: "Configuration", dependencies: ["POSIX", "Money"]),
        .target(
            name: "Console",
            dependencies: [
                "POSIX", "Configuration", "SerialIO", "Journal", "Settlement", "COpenSSL", log, lifecycle,
            ]
        ),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration"]),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "Agent", "Configuration", "SerialIO", "Indicators", "Journal", "Scanner", "ScanCode", "Antom", "PaymentModel", "AntomSimulator",
                "Settlement", "Money", "POSLink", "TestSupport", "Voice", log,
            ]
        ),

        // MARK: Agent — the composition root: every service built from configuration
        // One typed event stream: every output subscribes on its own bounded buffer.
        .target(name: "Events", dependencies: ["PaymentModel", "Money", "Scanner", lifecycle]),
        .target(name: "CProcessMemory"),
        .target(name: "Agent", dependencies: ["POSIX", "Console", "Events", "Voice", "Fleet", "MQTT", "CProcessMemory", "Scanner", "ScanCode", "SerialIO", "Settlement", "Journal", "Antom", "PaymentModel", "Money", "Indicators", "POSLink", "Configuration", log, lifecycle]),

        // MARK: Fleet — the uplink to the head office over MQTT (issue 19)
        // MQTT: libmosquitto's small Swift face (MQTT 5, TLS, a link thread of our own).
        .target(name: "MQTT", dependencies: ["POSIX", "CMosquitto"]),
        // The uplink: journal export, retained status, commands; an output of the agent.
        .target(name: "Fleet", dependencies: ["MQTT", "Journal", "Settlement", "Events", "Scanner", "PaymentModel", "Money", "POSIX", log, lifecycle]),
        // The head office's tool: status, payments (archived, deduplicated), set, report.
        .executableTarget(name: "scanbridge-fleet", dependencies: ["MQTT", "Fleet", "Configuration", "PaymentModel", "POSIX", argumentParser]),
        .testTarget(name: "FleetTests", dependencies: ["TestSupport", "MQTT", "Fleet", "Settlement", "AntomSimulator", "ScannerSimulator", "Journal", "Events", "PaymentModel", "Money", "POSIX", "CSQLite3", log, lifecycle]),

        // MARK: Executables
        .executableTarget(
            name: "scanbridge",
            dependencies: [
                "Agent", "Scanner", "ScanCode", "SerialIO", "CTermios", "Antom", "PaymentModel", "Journal", "Settlement", "Indicators", "Money",
                "POSLink", "Configuration", "Console", "Voice", "Fleet", argumentParser, log, lifecycle,
            ]
        ),
        .executableTarget(
            name: "scanbridge-demo",
            dependencies: ["POSIX", "AntomSimulator", "Antom", "PaymentModel", "Journal", "ScannerSimulator", "Voice", argumentParser]
        ),
        .executableTarget(
            name: "scanbridge-drill",
            dependencies: ["Settlement", "Journal", "Antom", "PaymentModel", argumentParser, log]
        ),
        // Thousands of mixed payments and faults through the agent process; RSS and fds sampled.
        .executableTarget(
            name: "scanbridge-soak",
            dependencies: ["Antom", "PaymentModel", "AntomSimulator", "ScannerSimulator", "Journal", "CSQLite3", "FaultProxy"]
        ),
        .executableTarget(
            name: "scanbridge-bench",
            dependencies: ["ScanCode", "CMallocCounter"],
            path: "Benchmarks/scanbridge-bench"
        ),
        .target(name: "CMallocCounter", path: "Benchmarks/CMallocCounter"),
        .executableTarget(name: "bench-e2e", dependencies: ["POSIX", "Antom", "PaymentModel", "AntomSimulator", "ScannerSimulator", "FaultProxy"], path: "Benchmarks/bench-e2e"),
        .executableTarget(name: "bench-journal", dependencies: ["Journal", "Antom", "PaymentModel", "Money"], path: "Benchmarks/bench-journal"),

        // MARK: Fault injection (issue 9)
        // A loopback HTTP proxy between the box and antom-sim that refuses, resets, delays,
        // drips, truncates, answers 500/429, breaks or forges answers, per request, by plan.
        .target(name: "FaultProxy", dependencies: ["POSIX", "Antom", "PaymentModel"]),
        // The checks a fault test or soak ends with: journal vs ledger, no unearned success.
        .target(name: "FaultAudit", dependencies: ["FaultProxy", "Settlement", "Journal", "Antom", "PaymentModel", "AntomSimulator"]),
        .testTarget(
            name: "FaultProxyTests",
            dependencies: ["TestSupport", "FaultProxy", "FaultAudit", "Settlement", "Journal", "Antom", "PaymentModel", "AntomSimulator", "Money", "ScannerSimulator", log]
        ),

        // MARK: Tests
        .testTarget(name: "ScanCodeTests", dependencies: ["ScanCode"]),
        .testTarget(name: "SerialIOTests", dependencies: ["SerialIO", "CTermios"]),
        .testTarget(
            name: "ScannerTests",
            dependencies: ["TestSupport", "Scanner", "ScanCode", "SerialIO", "ScannerSimulator", log, lifecycle],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "Money", "CSQLite3"]),
        // Small tmpfs / loop-ext4 file systems for the full- and read-only-disk tests (root, or a user namespace).
        .target(name: "ScratchDisks", path: "Tests/ScratchDisks"),
        // The fakes and helpers every test target shares: a hand-moved wall clock, the key pairs,
        // an event recorder, a log capture, `eventually`, synthetic voice packs.
        .target(name: "TestSupport", dependencies: ["Settlement", "PaymentModel", "Antom", "AntomSimulator", "Voice", log], path: "Tests/TestSupport"),
        .testTarget(name: "AgentTests", dependencies: ["POSIX", "TestSupport", 
            "Agent", "Antom", "PaymentModel", "AntomSimulator", "Journal", "ScannerSimulator", "ScratchDisks", "Configuration", "Events",
            "Indicators", "POSLink", "Settlement", "Voice", log,
        ]),
        .testTarget(
            name: "SettlementTests", dependencies: ["POSIX", "TestSupport", "Settlement", "Journal", "Antom", "PaymentModel", "AntomSimulator", "Money", "CSQLite3", "ScratchDisks", log]
        ),
        .testTarget(
            name: "SystemLibraryTests",
            dependencies: ["CSerialPort", "CGPIOD", "CSQLite3", "CCurl", "COpenSSL", "CALSA", "CMosquitto"]
        ),
    ]
)
