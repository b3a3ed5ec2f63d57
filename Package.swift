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

let package = Package(
    name: "scanbridge",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        // MARK: C system libraries
        systemLibrary("CSerialPort", pkgConfig: "libserialport", apt: "libserialport-dev"),
        systemLibrary("CGPIOD", pkgConfig: "libgpiod", apt: "libgpiod-dev"),
        systemLibrary("CSQLite3", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("COpenSSL", pkgConfig: "libcrypto", apt: "libssl-dev"),
        .systemLibrary(name: "CTermios"),

        // MARK: Indicators
        // LEDs and buzzer: patterns as data, played by a Service on libgpiod / LED-class / PWM /
        // simulated backends chosen by a board profile (boards/*.json).
        .target(name: "Indicators", dependencies: ["CGPIOD", log, lifecycle]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators"]),
        .executableTarget(
            name: "bench-indicators", dependencies: ["Indicators"], path: "Benchmarks/bench-indicators"
        ),

        // MARK: Tests
        .testTarget(
            name: "SystemLibraryTests",
            dependencies: ["CSerialPort", "CGPIOD", "CSQLite3", "CCurl", "COpenSSL"]
        ),
    ]
)
